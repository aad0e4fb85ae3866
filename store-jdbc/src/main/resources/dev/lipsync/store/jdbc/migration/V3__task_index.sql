-- A vendor's callback names a task, not a job: the gateway it reaches finds the job by its task.
CREATE INDEX lipsync_job_task ON lipsync_job (task_vendor, task_id);
