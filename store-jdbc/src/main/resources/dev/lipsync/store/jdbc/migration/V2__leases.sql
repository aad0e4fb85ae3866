-- Who carries each job, and until when (epoch milliseconds): the gateway that started or took it
-- over renews its leases while it lives; a job whose lease ran out may be taken over by another.
ALTER TABLE lipsync_job ADD COLUMN lease_owner VARCHAR(128);
ALTER TABLE lipsync_job ADD COLUMN lease_until BIGINT;
