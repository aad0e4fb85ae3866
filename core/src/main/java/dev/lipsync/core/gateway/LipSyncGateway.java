package dev.lipsync.core.gateway;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interface to lip-sync, whichever vendor runs it. {@link #run} takes a job to a finished video:
 * it routes the job to the configured vendors that can serve it (capabilities, circuit state, the
 * job's preferences, the {@link RoutingStrategy}), and at each one identifies the faces, resolves the
 * job's face selectors in that vendor's session, submits the paid task with the job's idempotency key
 * and tracks it (polls, and callbacks through {@link #onCallback}). It fails over as the failure table
 * says, and never pays twice: once a submit may have reached a vendor, the job goes nowhere else unless
 * it is established that no task was created.
 *
 * <pre>{@code
 * LipSyncGateway gateway = LipSyncGateway.builder()
 *     .provider(CometApiProvider.builder().apiKey(cometKey).build())
 *     .provider(AladProvider.builder().apiKey(aladKey).build())
 *     .meterRegistry(registry)
 *     .build();
 *
 * LipSyncResult result = gateway.run(job).result().join();
 * }</pre>
 *
 * <p>Each provider is wrapped once, as {@code Metered(Resilient(provider))}: retries of safe calls,
 * a circuit breaker and a timeout per vendor ({@link ResilienceSettings}), and Micrometer meters
 * ({@link GatewayMetrics}). Thread-safe; one gateway serves any number of jobs on one scheduler.
 */
public final class LipSyncGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LipSyncGateway.class);
  /** The longest callback body read. Vendors post a task object of a few KiB; reading more invites abuse. */
  public static final int MAX_CALLBACK_CHARS = 64 * 1024;

  private final Map<String, Vendor> vendors;
  private final Router router;
  private final GatewayContext context;
  private final AudioMeasuring audio;
  private final @Nullable SystemScheduler ownedScheduler;
  /** The jobs not yet ended, so that {@link #close()} can end them. */
  private final Set<JobRun> inFlight = ConcurrentHashMap.newKeySet();
  /** With a store given by the application, which may outlive this gateway: the leases of its jobs. */
  private final @Nullable JobCarrier carrier;
  /** The jobs this gateway took over and let go, their task being at a vendor not configured here. */
  private final Set<String> leftToOthers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private LipSyncGateway(Builder builder) {
    TaskScheduler scheduler = builder.scheduler;
    this.ownedScheduler = scheduler == null ? new SystemScheduler() : null;
    if (scheduler == null) {
      scheduler = ownedScheduler;
    }
    MeterRegistry registry = builder.registry != null ? builder.registry : new SimpleMeterRegistry();
    GatewayMetrics metrics = GatewayMetrics.of(registry, builder.observations);
    Map<String, Vendor> wrapped = new LinkedHashMap<>();
    for (LipSyncProvider provider : builder.providers) {
      ResilienceSettings settings = builder.resilience.getOrDefault(provider.id(), builder.defaultResilience);
      FailurePolicy policy =
          FailurePolicy.of(settings, builder.failoverOnTaskFailure, builder.failoverOnContentRejection);
      ResilientProvider resilient = ResilientProvider.wrap(provider, settings, policy, scheduler);
      metrics.watchCircuit(provider.id(), resilient);
      double weight = builder.weights.getOrDefault(provider.id(), 1.0);
      Vendor vendor = new Vendor(MeteredProvider.wrap(resilient, registry, builder.observations), resilient, weight);
      metrics.watchSlots(provider.id(), vendor.slots());
      wrapped.put(provider.id(), vendor);
    }
    this.vendors = Map.copyOf(wrapped);
    this.router = new Router(new ArrayList<>(wrapped.values()), builder.strategy, builder.random);
    this.audio = AudioMeasuring.of(
        builder.audioProbe != null ? builder.audioProbe : DiscoveredProbe.INSTANCE, builder.providers);
    JobStore store = builder.jobStore != null ? builder.jobStore : new InMemoryJobStore();
    this.context = new GatewayContext(
        new TaskTracker(scheduler, builder.random),
        metrics,
        builder.pollSchedule,
        builder.defaultTimeout,
        new ConcurrentHashMap<>(),
        store,
        new Leasing(builder.instanceId != null ? builder.instanceId : Leasing.newOwner(), builder.leaseDuration),
        builder.pictureFetcher != null ? builder.pictureFetcher : DiscoveredPictures.INSTANCE,
        builder.jobStore != null,
        builder.callbackUrls,
        builder.learnDurations ? new TaskDurations(store, scheduler) : null);
    // The default store lives and dies with this gateway: nothing to lease, nothing to recover.
    this.carrier = builder.jobStore == null ? null : new JobCarrier(context.jobs(), context.leasing(), scheduler,
        builder.recoverJobs ? this::recover : null);
    if (carrier != null) {
      carrier.start();
    }
  }

  /** Starts a gateway; add at least one provider. */
  public static Builder builder() {
    return new Builder();
  }

  /** The ids of the configured vendors, in priority order. */
  public Set<String> vendors() {
    return router.vendorIds();
  }

  /**
   * How each configured vendor stands now, in priority order: its circuit, the last failure that
   * counted against it and when, its tasks in flight and the jobs waiting for a slot there. A
   * snapshot, read from the vendors' circuit breakers: calling it sends nothing. It names no key.
   */
  public Map<String, VendorHealth> vendorHealth() {
    Map<String, VendorHealth> health = new LinkedHashMap<>();
    for (String id : router.vendorIds()) {
      health.put(id, vendors.get(id).health());
    }
    return Collections.unmodifiableMap(health);
  }

  /** Runs a job, without progress events. */
  public JobHandle run(LipSyncJob job) {
    return run(job, JobListener.NONE);
  }

  /**
   * Runs a job. Returns at once; the handle's result completes when the video is ready or the job has
   * failed. When no configured vendor can serve the job, the result fails with {@link
   * NotSupportedException} saying, vendor by vendor, why not, and nothing is sent.
   *
   * <p>Before any vendor, the job is made ready: where a vendor requires the clip's times and a dub
   * has none, its audio is measured ({@link AudioProbe}) so that the whole audio can be sent.
   */
  public JobHandle run(LipSyncJob job, JobListener listener) {
    Objects.requireNonNull(job, "job == null");
    Objects.requireNonNull(listener, "listener == null");
    JobRun run = admit(job, listener);
    return whenReady(run, job, ready -> {
      List<Vendor> candidates;
      try {
        candidates = router.route(ready);
      } catch (NotSupportedException e) {
        run.refuse(e);
        return;
      }
      run.start(ready, candidates);
      carry(ready, run);
    });
  }

  /** Counts a job this gateway started, once on record, among those whose lease it renews. */
  private void carry(LipSyncJob job, JobRun run) {
    if (carrier != null && run.recorded()) {
      carrier.carry(job.idempotencyKey(), run);
    }
  }

  /**
   * Carries on a job whose lease this gateway took over: from where its record says it got to, on the
   * vendors configured here. A job whose paid task is at a vendor not configured here is left to a
   * gateway that has it.
   */
  private @Nullable JobRun recover(JobRecord record) {
    Vendor vendor = record.vendor() == null ? null : vendors.get(record.vendor());
    boolean paid = record.taskRef() != null || record.state() == JobState.SUBMITTING
        // A chain between two steps: a finished step was paid at the record's vendor.
        || record.attempts().stream().anyMatch(a -> a.outcome() == Attempt.Outcome.SUCCEEDED);
    JobCarrier leases = Objects.requireNonNull(carrier);
    if (paid && vendor == null) {
      // Claimed again at every renewal until a gateway that has the vendor takes it: said once.
      if (leftToOthers.add(record.idempotencyKey())) {
        log.warn("Job {} has its task at {}, which is not configured here; left to a gateway that has it",
            record.idempotencyKey(), record.vendor());
      }
      leases.letGo(record.idempotencyKey());
      return null;
    }
    JobRun run = new JobRun(context, record.job(), JobListener.NONE, record.createdAt());
    inFlight.add(run);
    run.result().whenComplete((value, error) -> inFlight.remove(run));
    leases.carry(record.idempotencyKey(), run);
    if (record.state() == JobState.OVERDUE && vendor != null) {
      run.recoverOverdue(record, vendor);
    } else if (paid) {
      run.recover(record, record.job(), routed(record.job()), vendor);
    } else {
      // Short of its submit: made ready again (its audio measured, where a gateway died before that).
      audio.ready(record.job()).whenComplete((ready, error) -> {
        if (error != null) {
          run.refuse(refusal(error));
        } else {
          run.recover(record, ready, routed(ready), vendor);
        }
      });
    }
    return run;
  }

  /** The vendors that may serve {@code job}, in order; none when none can. */
  private List<Vendor> routed(LipSyncJob job) {
    try {
      return router.route(job);
    } catch (NotSupportedException e) {
      return List.of();
    }
  }

  /**
   * Takes over, now, every unfinished job in the store whose lease ran out (its gateway died, or
   * closed) and carries each on, as a gateway that {@linkplain Builder#recoverJobs recovers jobs} does
   * at start and at every renewal: for a program that resumes jobs when asked, such as {@code lipsync
   * resume}. A job past its deadline ({@link JobState#OVERDUE}) is followed, and its handle has failed
   * already.
   *
   * @return the handles of the jobs taken over, oldest first
   * @throws IllegalStateException if the gateway was given no {@link Builder#jobStore store}
   */
  public List<JobHandle> takeOverJobs() {
    if (carrier == null) {
      throw new IllegalStateException("takeOverJobs: the gateway has no job store of the application's; give one"
          + " with Builder.jobStore");
    }
    return carrier.takeOverNow(this::recover).stream().map(JobHandle::new).toList();
  }

  /**
   * Takes over, now, the unfinished job with {@code idempotencyKey} if its lease ran out, and carries it
   * on, as {@link #takeOverJobs()} does for every such job.
   *
   * @return its handle; empty if the store holds no such job, it ended, or a live gateway carries it
   *     (then {@link #job} gives a handle that completes when it ends)
   * @throws IllegalStateException if the gateway was given no {@link Builder#jobStore store}
   */
  public Optional<JobHandle> takeOverJob(String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    if (carrier == null) {
      throw new IllegalStateException("takeOverJob: the gateway has no job store of the application's; give one"
          + " with Builder.jobStore");
    }
    return carrier.takeOverNow(idempotencyKey, this::recover).map(JobHandle::new);
  }

  /**
   * A run of {@code job} among the jobs in flight; on a closed gateway, one already ended with {@link
   * GatewayClosedException}, nothing sent.
   */
  private JobRun admit(@Nullable LipSyncJob job, JobListener listener) {
    JobRun run = new JobRun(context, job, listener);
    inFlight.add(run);
    run.result().whenComplete((value, error) -> inFlight.remove(run));
    // Checked after joining the jobs in flight, so a close that began meanwhile ends this one too.
    if (closed) {
      run.closeDown(false);
    }
    return run;
  }

  /** The answer of a closed gateway to a call: {@link GatewayClosedException}, nothing sent. */
  private static <T> CompletableFuture<T> closedAnswer() {
    return CompletableFuture.failedFuture(new GatewayClosedException(
        ErrorContext.of(null), "the gateway is closed; nothing was sent", null, false));
  }

  /**
   * Makes {@code job} ready (its audio measured where a vendor needs it), then hands it to {@code
   * start}; a job that cannot be made ready is refused, nothing sent. A run already ended (the gateway
   * closed) is left as it is.
   */
  private JobHandle whenReady(JobRun run, LipSyncJob job, Consumer<LipSyncJob> start) {
    if (!run.state().isTerminal()) {
      audio.ready(job).whenComplete((ready, error) -> {
        if (error != null) {
          run.refuse(refusal(error));
        } else {
          start.accept(ready);
        }
      });
    }
    return new JobHandle(run);
  }

  /** Why a job was refused before any vendor: a typed error as it is, anything else as a protocol one. */
  private static LipSyncException refusal(Throwable error) {
    Throwable cause = LipSyncException.causeOf(error);
    return cause instanceof LipSyncException known ? known
        : new ProtocolException(ErrorContext.of(null), "the job could not be made ready", cause);
  }

  /**
   * Identifies the faces of a video, for applications that show them to a person before choosing. The
   * first vendor (in priority order) that takes the video answers; the session is bound to it, so
   * {@link #submit} goes there too.
   */
  public CompletableFuture<FaceSession> identify(VideoSource video) {
    Objects.requireNonNull(video, "video == null");
    if (closed) {
      return closedAnswer();
    }
    List<Vendor> candidates;
    try {
      candidates = router.routeVideo(video);
    } catch (NotSupportedException e) {
      return CompletableFuture.failedFuture(e);
    }
    return identifyAt(candidates, 0, video);
  }

  private CompletableFuture<FaceSession> identifyAt(List<Vendor> candidates, int index, VideoSource video) {
    Vendor vendor = candidates.get(index);
    return vendor.provider().identifyFaces(video).handle((session, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(session);
      }
      // Decided as a job's identification is: the same failures move on, the same ones stop.
      Throwable cause = LipSyncException.causeOf(error);
      if (index + 1 < candidates.size() && vendor.policy().movesOn(FailurePolicy.Operation.IDENTIFY, cause)) {
        return identifyAt(candidates, index + 1, video);
      }
      return CompletableFuture.<FaceSession>failedFuture(cause);
    }).thenCompose(f -> f);
  }

  /**
   * The second step of the two-step flow: submits dubs for faces of a session from {@link #identify},
   * at the session's vendor (a session never travels, so there is no failover). The dubs are validated
   * as a job's are.
   */
  public JobHandle submit(FaceSession session, List<Dub> dubs, JobListener listener) {
    Objects.requireNonNull(session, "session == null");
    LipSyncJob.Builder job = LipSyncJob.builder().video(session.video()).preferVendors(session.vendor());
    dubs.forEach(job::dub);
    LipSyncJob built = job.build();
    Vendor vendor = vendors.get(session.vendor());
    if (vendor == null) {
      throw new IllegalArgumentException(
          "session of " + session.vendor() + ", which is not configured; configured: " + vendors());
    }
    JobRun run = admit(built, listener);
    return whenReady(run, built, ready -> {
      run.startWith(ready, vendor, session);
      carry(ready, run);
    });
  }

  /**
   * Goes on tracking a task, for example one submitted before a restart, or by another instance.
   *
   * @throws IllegalArgumentException if the task's vendor is not configured here
   */
  public JobHandle resume(TaskRef ref, JobListener listener) {
    Vendor vendor = vendorOf(ref.vendor());
    JobRun run = admit(null, listener);
    if (!run.state().isTerminal()) {
      run.resume(vendor, ref);
    }
    return new JobHandle(run);
  }

  /** {@link #resume(TaskRef, JobListener)} without progress events. */
  public JobHandle resume(TaskRef ref) {
    return resume(ref, JobListener.NONE);
  }

  /**
   * Asks the task's vendor once where a task stands, through the same circuit breaker, timeout and
   * meters as every other call, and, as one poll of a tracked task, without retries (a failed look is
   * the answer; ask again later); for a one-off look, e.g. from a command line. To wait for the task to
   * finish, {@link #resume} it instead.
   *
   * @throws IllegalArgumentException if the task's vendor is not configured here
   */
  public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    Vendor vendor = vendorOf(ref.vendor());
    return closed ? closedAnswer() : vendor.provider().status(ref);
  }

  /**
   * Feeds a vendor's callback into tracking, as a hint. No vendor signs its callbacks, so a callback
   * saying a task ended is believed only once one status call at the vendor confirms it; the task then
   * completes with the vendor's own answer, without waiting for the next poll. A callback the status
   * call contradicts (a forgery, or a vendor's mistake) changes nothing and is logged; one saying the
   * task is under way is taken as progress. Duplicates and late deliveries are harmless (state only
   * moves forward). A body over {@value #MAX_CALLBACK_CHARS} characters, far more than any vendor's
   * callback, is refused unread as {@link CallbackOutcome#MALFORMED}. Each callback is counted in
   * {@code lipsync.callbacks} by what became of it. Never throws: a web endpoint answers from the
   * outcome, which is {@link CallbackOutcome#ACCEPTED} for a tracked task before the confirmation
   * returns.
   */
  public CallbackOutcome onCallback(String vendorId, String body) {
    Vendor vendor = vendorId == null ? null : vendors.get(vendorId);
    if (vendor == null) {
      log.warn("Callback for unknown vendor \"{}\" ignored", vendorId);
      context.metrics().callback("unknown", "unknown-vendor");
      return CallbackOutcome.UNKNOWN_VENDOR;
    }
    if (body == null || body.length() > MAX_CALLBACK_CHARS) {
      log.warn("Callback from {} refused unread: {}", vendorId,
          body == null ? "no body" : body.length() + " characters, over the " + MAX_CALLBACK_CHARS + " allowed");
      context.metrics().callback(vendor.id(), "malformed");
      return CallbackOutcome.MALFORMED;
    }
    TaskSnapshot snapshot;
    try {
      snapshot = vendor.provider().parseCallback(body);
    } catch (RuntimeException e) {
      log.warn("Malformed callback from {} ignored: {}", vendorId, e.getMessage());
      context.metrics().callback(vendor.id(), "malformed");
      return CallbackOutcome.MALFORMED;
    }
    Tracking tracking = context.trackings().get(snapshot.ref());
    if (tracking == null) {
      return carriedElsewhere(vendor, snapshot);
    }
    // A hint, not the truth: an ended task is believed only once a status call confirms it.
    tracking.hint(snapshot).thenAccept(verdict -> context.metrics().callback(vendor.id(), verdict.tag()));
    return CallbackOutcome.ACCEPTED;
  }

  /**
   * A callback for a task not tracked here: with a store shared by several gateways, the job may be
   * carried by another, which a load balancer did not send this callback to. An ending is confirmed
   * with one status call here, as any callback's is, and written to the store, where the gateway that
   * carries the job finds it at its next renewal.
   */
  private CallbackOutcome carriedElsewhere(Vendor vendor, TaskSnapshot hint) {
    Optional<JobRecord> record = Optional.empty();
    if (carrier != null) {
      try {
        record = context.jobs().findByTask(hint.ref());
      } catch (JobStoreException e) {
        log.warn("Callback from {} for {}: the job store could not be read: {}", vendor.id(), hint.ref(),
            e.getMessage());
      }
    }
    if (record.isEmpty()) {
      log.info("Callback from {} for {}, which is not tracked here, ignored", vendor.id(), hint.ref());
      context.metrics().callback(vendor.id(), "unknown-task");
      return CallbackOutcome.UNKNOWN_TASK;
    }
    JobRecord job = record.get();
    Chain steps = Chain.recovered(vendor, job.job(), job.attempts());
    if (job.state().isTerminal() || !hint.state().isTerminal() || (steps != null && !steps.lastStep())) {
      // A chain's step ending is the next step's start, which the gateway carrying the job makes.
      context.metrics().callback(vendor.id(), job.state().isTerminal() ? "ended" : "progress");
      return CallbackOutcome.ACCEPTED;
    }
    vendor.provider().status(hint.ref()).whenComplete((confirmed, error) -> {
      if (error != null || !confirmed.state().isTerminal()) {
        log.warn("A callback said {} is {}, but the vendor {}: the callback is not believed", hint.ref(),
            hint.state(), error != null ? "could not be asked (" + error.getMessage() + ")"
                : "says " + confirmed.state());
        context.metrics().callback(vendor.id(), error != null ? "unconfirmed" : "contradicted");
        return;
      }
      JobRun settling = new JobRun(context, job.job(), JobListener.NONE, job.createdAt());
      settling.settle(job, vendor, confirmed);
      context.metrics().callback(vendor.id(), "confirmed");
    });
    return CallbackOutcome.ACCEPTED;
  }

  /**
   * The job with {@code idempotencyKey}, wherever it runs: a job this gateway carries; or, from the
   * job store, one that another gateway carries or that ended, whose handle shows its record and
   * completes when the record ends (seen at each lease renewal, every third of a lease).
   *
   * @return empty if neither this gateway nor its store holds the key
   * @throws JobStoreException if the store cannot be read
   */
  public Optional<JobHandle> job(String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    for (JobRun run : inFlight) {
      if (idempotencyKey.equals(run.idempotencyKey()) && run.recorded()) {
        return Optional.of(new JobHandle(run));
      }
    }
    Optional<JobRecord> record = context.jobs().find(idempotencyKey);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    JobRun watching = new JobRun(context, record.get().job(), JobListener.NONE, record.get().createdAt());
    watching.mirror(record.get());
    if (carrier != null && !watching.result().isDone()) {
      carrier.watch(idempotencyKey, watching);
    }
    return Optional.of(new JobHandle(watching));
  }

  /**
   * Closes the gateway. Every job in flight ends at once with {@link GatewayClosedException}, which
   * names its task where one was created (to {@link #resume} it on another gateway or after a
   * restart) and carries the job's idempotency key (saying whether a submit was under way); nothing
   * more is sent for it. A job run after this fails the same way, sending nothing. Then the gateway's
   * own scheduler, if it made one, stops. Calling it again does nothing.
   */
  @Override
  public void close() {
    closed = true;
    List<String> leased = carrier == null ? List.of() : carrier.stop();
    for (JobRun run : List.copyOf(inFlight)) {
      run.closeDown(carrier != null);
    }
    if (carrier != null) {
      // After the runs ended, so that no other gateway carries a job while this one still does.
      carrier.release(leased);
    }
    if (ownedScheduler != null) {
      ownedScheduler.close();
    }
  }

  private Vendor vendorOf(String id) {
    Vendor vendor = vendors.get(id);
    if (vendor == null) {
      throw new IllegalArgumentException("unknown vendor \"" + id + "\"; configured: " + vendors());
    }
    return vendor;
  }

  /** The probe {@link AudioProbe#discovered()} finds, looked up once per process, not per gateway. */
  private static final class DiscoveredProbe {
    static final AudioProbe INSTANCE = AudioProbe.discovered();
  }

  /** The fetcher {@link PictureFetcher#discovered()} finds, looked up once per process, not per gateway. */
  private static final class DiscoveredPictures {
    static final PictureFetcher INSTANCE = PictureFetcher.discovered();
  }

  /** Builds a {@link LipSyncGateway}. Not thread-safe. */
  public static final class Builder {
    private final List<LipSyncProvider> providers = new ArrayList<>();
    private final Map<String, Double> weights = new HashMap<>();
    private final Map<String, ResilienceSettings> resilience = new HashMap<>();
    private ResilienceSettings defaultResilience = ResilienceSettings.defaults();
    private RoutingStrategy strategy = RoutingStrategy.PRIORITY;
    private @Nullable TaskScheduler scheduler;
    private @Nullable MeterRegistry registry;
    private ObservationRegistry observations = ObservationRegistry.NOOP;
    private PollSchedule pollSchedule = PollSchedule.defaults();
    private Duration defaultTimeout = Duration.ofMinutes(30);
    private boolean failoverOnTaskFailure;
    private boolean failoverOnContentRejection;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private @Nullable AudioProbe audioProbe;
    private @Nullable PictureFetcher pictureFetcher;
    private @Nullable JobStore jobStore;
    private @Nullable String instanceId;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private boolean recoverJobs = true;
    private boolean learnDurations = true;
    private @Nullable Function<String, @Nullable URI> callbackUrls;

    private Builder() {}

    /**
     * The callback URL each vendor is given, by vendor id, for a job that sets no {@link
     * dev.lipsync.core.model.LipSyncJob#callbackUrl() callback URL} of its own (a job's own URL always
     * wins). Asked at each submit, so a job that fails over to another vendor gives that vendor its own
     * URL: a URL names the vendor whose callbacks it takes (an endpoint checks a vendor's token, see
     * {@link CallbackTokens}), and one URL for every vendor would name the wrong one after a failover.
     * The function may answer null for a vendor that should be polled only. Default: none, jobs without
     * a URL of their own are polled.
     *
     * <pre>{@code
     * CallbackTokens tokens = CallbackTokens.of(storedSecret);
     * builder.callbackUrls(vendor ->
     *     URI.create("https://hooks.example.com/lipsync/callbacks/" + vendor + "/" + tokens.tokenFor(vendor)));
     * }</pre>
     */
    public Builder callbackUrls(Function<String, @Nullable URI> perVendor) {
      this.callbackUrls = Objects.requireNonNull(perVendor, "perVendor == null");
      return this;
    }

    /**
     * Where the gateway writes its jobs: each job when it starts, again before its paid submit (the
     * vendor and the job's key), as soon as its task is known, and when it ends. A job whose key the
     * store holds already is not run again (one key, one job, at most one paid task). Default: an
     * {@link InMemoryJobStore} of this gateway's own.
     */
    public Builder jobStore(JobStore store) {
      this.jobStore = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /**
     * This gateway's name among the gateways that share its {@link #jobStore}: the owner of the leases
     * on the jobs it carries. Default: the host (from {@code HOSTNAME}), the process id and a random
     * part, different for every gateway. Give a stable one only if no two live gateways share it.
     */
    public Builder instanceId(String instanceId) {
      Objects.requireNonNull(instanceId, "instanceId == null");
      if (instanceId.isBlank() || instanceId.length() > 128) {
        throw new IllegalArgumentException("instanceId: \"" + instanceId + "\" must be 1 to 128 characters, not blank");
      }
      this.instanceId = instanceId;
      return this;
    }

    /**
     * How long this gateway's lease on a job lasts unless renewed (default 30 seconds). A gateway that
     * stops renewing (it died) loses its jobs to another gateway on the same store this long after its
     * last renewal; it renews every third of it.
     */
    public Builder leaseDuration(Duration leaseDuration) {
      Objects.requireNonNull(leaseDuration, "leaseDuration == null");
      if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("leaseDuration: " + leaseDuration + " must be at least 1 second");
      }
      this.leaseDuration = leaseDuration;
      return this;
    }

    /**
     * Whether this gateway takes over the unfinished jobs in its {@link #jobStore} whose lease ran out
     * (their gateway died, or closed), at start and then continuously, and carries them on: a job with a
     * task is tracked; a submit whose answer was never recorded is looked up by the job's key where the
     * vendor can, and otherwise ends outcome unknown, never sent again; a job that had not reached its
     * submit goes on. Default: yes, when a store is given. A gateway that runs one job and stops (a
     * command line) turns it off; its own jobs' leases are renewed either way.
     */
    public Builder recoverJobs(boolean recoverJobs) {
      this.recoverJobs = recoverJobs;
      return this;
    }

    /** Adds a vendor; vendors added earlier have priority. */
    public Builder provider(LipSyncProvider provider) {
      Objects.requireNonNull(provider, "provider == null");
      if (providers.stream().anyMatch(p -> p.id().equals(provider.id()))) {
        throw new IllegalArgumentException("vendor " + provider.id() + " is configured twice");
      }
      providers.add(provider);
      return this;
    }

    /** Adds every provider of a map keyed by vendor id (as Guice's MapBinder gives them), in map order. */
    public Builder providers(Map<String, LipSyncProvider> byId) {
      byId.values().forEach(this::provider);
      return this;
    }

    /** A vendor's weight for {@link RoutingStrategy#WEIGHTED_RANDOM} (default 1). */
    public Builder weight(String vendor, double weight) {
      if (!(weight > 0)) {
        throw new IllegalArgumentException("weight of " + vendor + " must be positive, got " + weight);
      }
      weights.put(Objects.requireNonNull(vendor, "vendor == null"), weight);
      return this;
    }

    public Builder strategy(RoutingStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy == null");
      return this;
    }

    /** Retry, circuit breaker and timeout settings for every vendor without its own. */
    public Builder resilience(ResilienceSettings settings) {
      this.defaultResilience = Objects.requireNonNull(settings, "settings == null");
      return this;
    }

    /** Retry, circuit breaker and timeout settings for one vendor. */
    public Builder resilience(String vendor, ResilienceSettings settings) {
      resilience.put(Objects.requireNonNull(vendor, "vendor == null"), Objects.requireNonNull(settings, "settings == null"));
      return this;
    }

    /** The scheduler (and clock) for polls and delays; by default the gateway makes one and closes it. */
    public Builder scheduler(TaskScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** Where meters go; by default a private {@link SimpleMeterRegistry}. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry == null");
      return this;
    }

    /**
     * Where jobs and vendor calls are observed: a job as {@code lipsync.job} (tags {@code vendor},
     * {@code outcome}) and each call to a vendor as its child {@code lipsync.vendor.call} (tags {@code
     * vendor}, {@code operation}, {@code outcome}, as on the {@code lipsync.requests} timer), so that a
     * trace shows which vendor ran a job. Default: {@link ObservationRegistry#NOOP}, which costs
     * nothing.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observations = Objects.requireNonNull(registry, "registry == null");
      return this;
    }

    /**
     * When to poll a task's status: from its submit, until this gateway has {@linkplain #learnDurations
     * learnt} where its vendor's tasks of its length end, and after the expected end, as the safety net.
     */
    public Builder pollSchedule(PollSchedule pollSchedule) {
      this.pollSchedule = Objects.requireNonNull(pollSchedule, "pollSchedule == null");
      return this;
    }

    /**
     * Whether polls are placed around where a task is expected to end, learnt per vendor and by the
     * audio billed from the tasks this gateway (and every gateway on its {@link #jobStore}) saw succeed:
     * the first at about the earliest expected end, then at most {@code max(2 s, 10 %)} of the task's
     * age apart, then the {@link #pollSchedule} growth after the latest expected end. Until a vendor
     * has ten durations known, and for a task whose billed audio is not
     * known or whose submit this gateway did not send, polls keep to the {@link #pollSchedule}.
     * Callbacks end tracking at once either way. Default: true.
     */
    public Builder learnDurations(boolean learn) {
      this.learnDurations = learn;
      return this;
    }

    /** How long a job may take when it sets no timeout of its own (default 30 minutes). */
    public Builder defaultTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("defaultTimeout must be positive, got " + timeout);
      }
      this.defaultTimeout = timeout;
      return this;
    }

    /** Whether a job whose task failed moves on to the next vendor (a new paid task). Default: no. */
    public Builder failoverOnTaskFailure(boolean failover) {
      this.failoverOnTaskFailure = failover;
      return this;
    }

    /** Whether a job whose content a vendor refused tries the next vendor. Default: no. */
    public Builder failoverOnContentRejection(boolean failover) {
      this.failoverOnContentRejection = failover;
      return this;
    }

    /**
     * How the gateway finds an audio file's length, for vendors that require a clip's times (see
     * {@link AudioProbe}); by default the one {@link AudioProbe#discovered()} finds.
     */
    public Builder audioProbe(AudioProbe probe) {
      this.audioProbe = Objects.requireNonNull(probe, "probe == null");
      return this;
    }

    /**
     * Fetches the face pictures the gateway compares to find a job's face at a vendor without times
     * ({@link PictureFetcher}); by default the one {@link PictureFetcher#discovered()} finds.
     */
    public Builder pictureFetcher(PictureFetcher fetcher) {
      this.pictureFetcher = Objects.requireNonNull(fetcher, "fetcher == null");
      return this;
    }

    /** Where jitter and weighted choices draw from: numbers in [0, 1). Tests pass a fixed value. */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    /**
     * Builds the gateway.
     *
     * @throws IllegalStateException if no provider was added
     */
    public LipSyncGateway build() {
      if (providers.isEmpty()) {
        throw new IllegalStateException("At least one provider required.");
      }
      for (String vendor : resilience.keySet()) {
        if (providers.stream().noneMatch(p -> p.id().equals(vendor))) {
          throw new IllegalStateException("Resilience settings for " + vendor + ", which is not configured.");
        }
      }
      return new LipSyncGateway(this);
    }
  }
}
