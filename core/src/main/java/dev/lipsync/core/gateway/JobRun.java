package dev.lipsync.core.gateway;

import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.gateway.FailurePolicy.Operation;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.PictureHashes;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.tracking.TaskScheduler;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job on its way through the vendors: identify, resolve the faces, submit, track; on failure, act
 * as the failure table says. Every step is asynchronous; the job holds no thread while it waits.
 *
 * <p>The rule that keeps money safe: once a submit may have reached a vendor, the job never submits
 * anywhere else unless it is established that no task was created, or the task itself failed and the
 * gateway was told to fail over on task failure.
 */
final class JobRun {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);

  private final GatewayContext context;
  /**
   * The job, or null for a task taken up by {@code resume}. Replaced once, by the start methods, with
   * the same job made ready (its audio measured); the flow reads it only after that.
   */
  private volatile @Nullable LipSyncJob job;
  private final JobListener listener;
  /** The vendors to try, in order; set once, by the start methods, before anything is sent. */
  private volatile List<Vendor> candidates = List.of();
  private final Instant startedAt;
  private final Instant deadline;
  private final CompletableFuture<LipSyncResult> result = new CompletableFuture<>();
  private final List<Attempt> attempts = new ArrayList<>();
  /**
   * For each dub (by index), a picture of the face its selector chose, from the first session that
   * showed one: what a vendor that takes pictures instead of face ids is sent when its own session
   * has none.
   */
  private final Map<Integer, FaceResolution.Picture> pictures = new ConcurrentHashMap<>();
  /** The face pictures this job fetched, each once. */
  private final JobPictures facePictures;
  /** The job's chain of tasks at one vendor, once planned there; null while the job fits in one task. */
  private volatile @Nullable Chain chain;
  /** The slot among its vendor's tasks in flight that the job's task holds, once taken. */
  private TaskSlots.@Nullable Slot slot;
  /** The job's place in the queue for a slot, while it waits for one. */
  private @Nullable CompletableFuture<TaskSlots.Slot> waitingForSlot;

  /** The first wait after a vendor's "too many tasks" (Kling 1303): Kling asks for at least 1 s. */
  private static final Duration WAIT_FIRST = Duration.ofSeconds(1);
  private static final Duration WAIT_LONGEST = Duration.ofSeconds(30);

  private JobState state = JobState.IDENTIFYING;
  /** The candidate whose session was renewed after it expired: once per vendor, so a job cannot loop. */
  private int sessionRenewedAt = -1;
  /** Per vendor, what its identifications and speech for this job cost in its own units, where it said. */
  private final Map<String, BigDecimal> identifyUnits = new ConcurrentHashMap<>();
  private @Nullable TaskRef taskRef;
  private @Nullable Tracking tracking;
  /** The tracking of the task past the job's deadline, once the job's answer was given. */
  private @Nullable Tracking following;
  private @Nullable Vendor current;
  private final JobJournal journal;
  /**
   * The job as a Micrometer observation ({@code lipsync.job}), from its first vendor call to its end;
   * its vendor calls are its children ({@link #observed}). A no-op when the gateway has no observation
   * registry.
   */
  private final JobObservation observation;

  JobRun(GatewayContext context, @Nullable LipSyncJob job, JobListener listener) {
    this(context, job, listener, context.tracker().scheduler().now());
  }

  /** A run of a job that started at {@code startedAt}, perhaps in another gateway: its deadline counts from then. */
  JobRun(GatewayContext context, @Nullable LipSyncJob job, JobListener listener, Instant startedAt) {
    this.context = context;
    this.journal = new JobJournal(context.jobs());
    this.facePictures = new JobPictures(context.pictures());
    // However the job ends, its slot at the vendor and its place in a queue are given back.
    result.whenComplete((value, error) -> releaseSlot());
    this.job = job;
    this.listener = listener;
    this.startedAt = startedAt;
    this.deadline = startedAt.plus(job != null && job.timeout() != null ? job.timeout() : context.defaultTimeout());
    this.observation = context.metrics().jobStarted();
  }

  // ---- the handle's view -----------------------------------------------------------------------

  CompletableFuture<LipSyncResult> result() {
    return result;
  }

  synchronized JobState state() {
    return state;
  }

  synchronized @Nullable TaskRef taskRef() {
    return taskRef;
  }

  synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  @Nullable String idempotencyKey() {
    LipSyncJob current = job;
    return current == null ? null : current.idempotencyKey();
  }

  /** Stops the job: tracking ends, and the vendor is asked to cancel the task where it can. */
  void cancel() {
    Tracking stop;
    TaskRef ref;
    Vendor vendor;
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      state = JobState.CANCELLED;
      stop = tracking;
      ref = taskRef;
      vendor = current;
    }
    if (stop != null) {
      stop.cancel();
    }
    if (ref != null && vendor != null && vendor.provider().capabilities().cancels()) {
      observed(() -> vendor.provider().cancel(ref)).exceptionally(e -> {
        log.warn("{} could not cancel {}: {}", vendor.id(), ref, unwrap(e).getMessage());
        return null;
      });
    }
    journal.end(JobState.CANCELLED, ref, attempts(), null, "the job was cancelled", now());
    context.metrics().jobFinished(observation, vendor == null ? null : vendor.id(), GatewayMetrics.CANCELLED, elapsed());
    result.completeExceptionally(new CancellationException("the job was cancelled"));
  }

  // ---- the flow --------------------------------------------------------------------------------

  /** Ends the job before any vendor: none can serve it. Nothing was sent. */
  void refuse(LipSyncException reason) {
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      state = JobState.FAILED;
    }
    journal.end(JobState.FAILED, null, attempts(), reason.kind(), reason.getMessage(), now());
    context.metrics().jobFinished(observation, null, GatewayMetrics.outcomeOf(reason), Duration.ZERO);
    emit(JobEvent.Type.FAILED, null, null, reason.getMessage());
    result.completeExceptionally(reason);
  }

  /** Starts the job, made ready, at the first of {@code candidates}. */
  void start(LipSyncJob ready, List<Vendor> candidates) {
    this.job = ready;
    this.candidates = List.copyOf(candidates);
    if (recorded(ready)) {
      identifyAt(0);
      watch();
    }
  }

  /**
   * Writes the job to the store before anything is sent; a job whose key the store holds already is
   * refused, so one key never pays for two tasks.
   */
  private boolean recorded(LipSyncJob ready) {
    Optional<JobRecord> held;
    try {
      held = journal.start(ready, context.leasing().from(now()), now());
    } catch (JobStoreException e) {
      unrecorded(e);
      return false;
    } catch (InvalidRequestException e) {
      // The store cannot keep this job (a face chosen by code): refused like any other bad job.
      refuse(e);
      return false;
    }
    held.ifPresent(other -> refuse(new InvalidRequestException(ErrorContext.of(other.vendor()).withTaskRef(
        other.taskRef()), "idempotencyKey: \"" + ready.idempotencyKey() + "\" is the key of a job the gateway's"
        + " store holds already (" + other.state() + "); one key is one job, so nothing was sent", null)));
    return held.isEmpty();
  }

  /**
   * Starts the job, made ready, with a session the application already has (the two-step flow): the
   * session's vendor, no failover.
   */
  void startWith(LipSyncJob ready, Vendor vendor, FaceSession session) {
    this.job = ready;
    this.candidates = List.of(vendor);
    if (recorded(ready) && setCurrent(vendor, JobState.IDENTIFYING)) {
      identified(0, vendor, session);
      watch();
    }
  }

  /**
   * Carries on a job from its record, which another gateway (or this application before a restart)
   * left unfinished: its task is tracked; a submit whose answer was never recorded is reconciled by
   * the job's key where the vendor can look it up, and otherwise ends outcome unknown, naming vendor and
   * key (it is never sent again); a job that had not reached its submit goes on from its first vendor.
   *
   * @param ready the record's job, made ready (its audio measured) where it had not reached its submit
   * @param vendor the vendor of the record's attempt under way, configured here; null if it had none
   */
  void recover(JobRecord record, LipSyncJob ready, List<Vendor> routed, @Nullable Vendor vendor) {
    this.job = ready;
    journal.adopt(record);
    synchronized (this) {
      attempts.addAll(record.attempts());
    }
    TaskRef ref = record.taskRef();
    boolean paid = ref != null || record.state() == JobState.SUBMITTING;
    Chain steps = vendor == null ? null : Chain.recovered(vendor, ready, record.attempts());
    if (!paid && steps != null && steps.started()) {
      goOnWithChain(routed, vendor, steps);
      return;
    }
    if (!paid) {
      this.candidates = List.copyOf(routed);
      if (routed.isEmpty()) {
        refuse(new NotSupportedException(ErrorContext.of(null),
            "no vendor configured here can carry on job " + record.idempotencyKey(), null));
        return;
      }
      identifyAt(0);
      watch();
      return;
    }
    // Never identified and submitted again: a paid job goes on at its vendor, or not here at all.
    Objects.requireNonNull(vendor, "the vendor of a job whose submit was sent");
    int index = routed.indexOf(vendor);
    this.candidates = index >= 0 ? List.copyOf(routed) : List.of(vendor);
    index = Math.max(index, 0);
    synchronized (this) {
      current = vendor;
      state = ref != null ? JobState.RUNNING : JobState.SUBMITTING;
    }
    // A step of a chain under way: its end leads to the next step, not to the job's end.
    chain = steps;
    if (ref != null) {
      occupySlot(vendor);
      track(index, vendor, ref, FaceResolution.NONE);
    } else {
      reconcile(index, vendor, new SubmitOutcomeUnknownException(ErrorContext.of(vendor.id()),
          "the gateway that sent the submit to " + vendor.id() + " stopped before its answer was recorded",
          record.idempotencyKey(), null), FaceResolution.NONE);
    }
    watch();
  }

  /**
   * Carries on a chain that stopped between two steps: the last finished step's video is asked of the
   * vendor again (its task's status), and the next step goes on from it, never redoing a paid step.
   */
  private void goOnWithChain(List<Vendor> routed, Vendor vendor, Chain steps) {
    int index = routed.indexOf(vendor);
    this.candidates = index >= 0 ? List.copyOf(routed) : List.of(vendor);
    chain = steps;
    synchronized (this) {
      current = vendor;
    }
    TaskRef last = steps.finished().get(steps.finished().size() - 1).taskRef();
    observed(() -> vendor.provider().status(last)).whenComplete((snapshot, error) -> {
      if (error != null || snapshot.state() != TaskState.SUCCEEDED || snapshot.videos().isEmpty()) {
        LipSyncException cause = error != null ? unwrap(error, vendor.id()) : new ProtocolException(
            ErrorContext.of(vendor.id()), "step " + steps.finished().size() + "'s task " + last + " shows no video"
                + " to dub the next step on", null);
        record(new Attempt(vendor.id(), Attempt.Outcome.FAILED, false, null, cause.kind(), cause.getMessage()));
        finishFailed(vendor, cause);
        return;
      }
      steps.videosOfLastStep(snapshot.videos());
      identify(Math.max(index, 0), "identifying the faces in step " + steps.finished().size() + "'s video for step "
          + steps.number());
    });
    watch();
  }

  /**
   * Lets go of the job, which another gateway took over after this one's lease on it ran out: tracking
   * here stops, nothing more is written or sent, and the handle fails saying where the job went.
   */
  void handOver() {
    leave(new JobStoreException("job " + idempotencyKey() + " was taken over by another gateway after this"
        + " one's lease on it ran out; it goes on there"));
  }

  /**
   * Ends this run, and only this run, with {@code why}: the job goes on elsewhere, so nothing is
   * written, sent or cancelled, and it is counted where it ends.
   */
  void leave(RuntimeException why) {
    Tracking stop;
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      state = JobState.FAILED;
      stop = tracking;
    }
    journal.abandon();
    if (stop != null) {
      stop.cancel();
    }
    context.metrics().jobLeft(observation);
    result.completeExceptionally(why);
  }

  /**
   * Shows a job that another gateway carries, as its record says, for {@link LipSyncGateway#job}: the
   * run sends and writes nothing, and ends when the record does ({@link #endedElsewhere}).
   */
  void mirror(JobRecord record) {
    this.job = record.job();
    journal.abandon();
    if (record.state().isTerminal()) {
      endedElsewhere(record);
      return;
    }
    synchronized (this) {
      state = record.state();
      taskRef = record.taskRef();
      attempts.addAll(record.attempts());
    }
  }

  /**
   * The job ended in the store, written by another gateway (it settled a callback that reached it, or
   * took the job over and finished it): this run ends as the record says, sending and writing nothing
   * more. Counted as a job only where it ended.
   */
  void endedElsewhere(JobRecord record) {
    Tracking stop;
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      state = record.state();
      taskRef = record.taskRef();
      attempts.clear();
      attempts.addAll(record.attempts());
      stop = tracking;
    }
    journal.abandon();
    if (stop != null) {
      stop.cancel();
    }
    context.metrics().jobLeft(observation);
    LipSyncResult video = record.result();
    if (video != null) {
      result.complete(video);
    } else {
      result.completeExceptionally(RecordedEnding.failureOf(record));
    }
  }

  /**
   * Ends a job that another gateway carries, from the end of its task that the vendor confirmed here
   * (a callback reached this gateway, not that one), and writes the end to the store as that gateway's
   * tracking would have; that gateway's run then ends from the record.
   */
  void settle(JobRecord record, Vendor vendor, TaskSnapshot confirmed) {
    this.job = record.job();
    journal.adopt(record);
    synchronized (this) {
      attempts.addAll(record.attempts());
      current = vendor;
      taskRef = confirmed.ref();
      state = JobState.RUNNING;
    }
    if (confirmed.state() == TaskState.SUCCEEDED) {
      succeeded(vendor, confirmed, FaceResolution.NONE);
    } else {
      TaskFailedException failure = new TaskFailedException(confirmed);
      record(new Attempt(vendor.id(), Attempt.Outcome.FAILED, true, confirmed.ref(), failure.kind(),
          failure.getMessage()));
      finishFailed(vendor, failure);
    }
  }

  /** Whether the job's start is on record in the store: then the gateway carries its lease. */
  boolean recorded() {
    return journal.recorded();
  }

  /** Takes up a task submitted earlier, perhaps by another process. */
  void resume(Vendor vendor, TaskRef ref) {
    this.candidates = List.of(vendor);
    setCurrent(vendor, JobState.RUNNING);
    occupySlot(vendor);
    track(0, vendor, ref, FaceResolution.NONE);
    watch();
  }

  /**
   * The gateway is closing: the job ends now, sending nothing more, with what the application needs to
   * pick it up again (the task where one exists; the job's key, saying so when a submit was under way).
   *
   * @param carriedOn whether the job stays unfinished in a store that outlives the gateway, for the
   *     next gateway on it to carry on; then its end here is not written there
   */
  void closeDown(boolean carriedOn) {
    boolean stays = carriedOn && journal.recorded();
    if (stays) {
      journal.abandon();
    }
    endNow(underway -> new GatewayClosedException(underway.context(),
        stays
            ? "the gateway was closed; the job stays unfinished in the job store, and the next gateway on it"
                + " carries it on"
            : underway.ref() != null
            ? "the gateway was closed while tracking the task; resume it with LipSyncGateway.resume"
            : underway.submitting()
                ? "the gateway was closed while the submit was under way; a paid task may exist: look it"
                    + " up by the job's key"
                : underway.vendor() == null
                    ? "the gateway is closed; nothing was sent for the job"
                    : "the gateway was closed before anything was paid",
        idempotencyKey(), underway.submitting()));
  }

  /** What a job was doing when something outside its flow ended it. */
  private record Underway(JobState state, @Nullable TaskRef ref, @Nullable Vendor vendor) {
    boolean submitting() {
      return state == JobState.SUBMITTING;
    }

    ErrorContext context() {
      return ErrorContext.of(vendor == null ? null : vendor.id()).withTaskRef(ref);
    }
  }

  /**
   * Ends the job now from outside its flow (the deadline, the gateway closing): its tracking stops,
   * and the attempt under way is recorded with the error {@code errorOf} makes of what it was doing.
   * A step that answers later finds the job ended and does nothing.
   */
  private void endNow(Function<Underway, LipSyncException> errorOf) {
    Underway underway;
    Tracking stop;
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      underway = new Underway(state, taskRef, current);
      stop = tracking;
    }
    LipSyncException error = errorOf.apply(underway);
    if (stop != null) {
      stop.cancel();
    }
    Vendor vendor = underway.vendor();
    if (vendor == null) {
      refuse(error);
      return;
    }
    boolean submitting = underway.submitting();
    record(new Attempt(vendor.id(), submitting ? Attempt.Outcome.OUTCOME_UNKNOWN : Attempt.Outcome.FAILED,
        underway.ref() != null || submitting, underway.ref(), error.kind(), error.getMessage()));
    finish(vendor, underway.ref(), error);
  }

  // ---- the deadline ----------------------------------------------------------------------------

  /**
   * Starts the watchdog that holds the job's deadline across every step: an identification or a
   * submit that never answers, or a status call that hangs, cannot keep the job past it. Started once
   * the first step is under way, so that the deadline is never the only thing a clock could move to
   * while that step is being sent (a test's virtual clock moves to the next due action whenever no
   * call is in flight).
   */
  private void watch() {
    if (result.isDone()) {
      return;
    }
    TaskScheduler scheduler = context.tracker().scheduler();
    TaskScheduler.Cancellable timer;
    try {
      timer = scheduler.schedule(Duration.between(scheduler.now(), deadline), this::deadlinePassed);
    } catch (RuntimeException closing) {
      // The gateway's own scheduler stops only after close() has ended every job, this one included.
      return;
    }
    result.whenComplete((value, error) -> timer.cancel());
  }

  /**
   * The deadline passed with the job unfinished. A submit under way may have created the task: its
   * outcome is unknown, and the job's key says where to look. A task being tracked is named in the
   * error, so the application can collect its video later.
   */
  private void deadlinePassed() {
    endNow(underway -> underway.submitting()
        ? new SubmitOutcomeUnknownException(underway.context(),
            "the job's deadline passed while the submit was under way, after it may have reached the"
                + " vendor",
            idempotencyKey(), null)
        : new DeadlineExceededException(underway.context(), elapsed(), null));
  }

  private void identifyAt(int index) {
    identify(index, "identifying the faces");
  }

  private void identify(int index, String message) {
    LipSyncJob job = requireJob();
    Vendor vendor = candidates.get(index);
    if (!setCurrent(vendor, JobState.IDENTIFYING)) {
      return;
    }
    emit(JobEvent.Type.IDENTIFYING, vendor, null, message);
    Instant asked = now();
    Chain steps = chain;
    observed(() -> vendor.provider().identifyFaces(steps == null ? job.video() : steps.video(job))).whenComplete((session, error) -> {
      vendor.recordLatency(Duration.between(asked, now()));
      if (error != null) {
        callFailed(index, vendor, Operation.IDENTIFY, error);
      } else {
        identified(index, vendor, session);
      }
    });
  }

  private void identified(int index, Vendor vendor, FaceSession session) {
    LipSyncJob job = requireJob();
    if (session.billedUnits() != null) {
      identifyUnits.merge(vendor.id(), session.billedUnits(), BigDecimal::add);
    }
    Set<URI> compared = FaceResolution.picturesToCompare(job.dubs(), dubsUnderWay(job), session, pictures);
    if (compared.isEmpty()) {
      chooseFaces(index, vendor, session, PictureHashes.NONE);
      return;
    }
    // IDENTIFIED follows once the faces are chosen, saying which were found by their pictures.
    facePictures.hashes(compared)
        .thenAccept(hashes -> chooseFaces(index, vendor, session, hashes))
        .exceptionally(error -> {
          callFailed(index, vendor, Operation.SUBMIT, error);
          return null;
        });
  }

  /** Chooses the job's faces in the vendor's session and submits, or moves on if the vendor cannot serve them. */
  private void chooseFaces(int index, Vendor vendor, FaceSession session, PictureHashes hashes) {
    LipSyncJob job = requireJob();
    Capabilities capabilities = vendor.provider().capabilities();
    FaceResolution faces;
    SubmitRequest request;
    Capabilities.Mode mode;
    try {
      FaceResolution resolved = FaceResolution.of(job.dubs(), dubsUnderWay(job), session, pictures, hashes,
          capabilities.takesFacePictures(), job.faceMatch());
      resolved.pictures().forEach(pictures::putIfAbsent);
      FaceResolution step = chain == null ? planned(vendor, job, resolved) : resolved;
      Chain steps = chain;
      request = step.request(session, job, steps == null ? job.idempotencyKey() : steps.key(job.idempotencyKey()),
          context.callbackUrl(job, vendor.id()));
      mode = capabilities.modeFor(vendor.id(), request);
      faces = step.servedBy(mode, session);
    } catch (LipSyncException e) {
      // Refused before sending (the faces, the vendor's modes): decided as a submit that sent nothing.
      failed(index, vendor, Operation.SUBMIT, e, null);
      return;
    }
    emit(JobEvent.Type.IDENTIFIED, vendor, null,
        session.faces().size() + " face(s); chose " + String.join(", ", faces.described()));
    if (mode.speechFirst() && request.dubs().stream().anyMatch(d -> d.audio() instanceof AudioSource.Speech)) {
      speakFirst(index, vendor, request, faces);
    } else {
      takeSlot(index, vendor, request, faces);
    }
  }

  /**
   * Has the vendor speak each text the submit carries ({@link LipSyncProvider#speak}: Kling's text to
   * speech), all at once, each a {@link Attempt.Outcome#SPOKEN} attempt naming the audio; then submits
   * with the audio as the vendor gave it (its id, or its URL), its length the clip. Nothing is dubbed yet, so a failure is decided as an
   * identification's: the job may move on.
   */
  private void speakFirst(int index, Vendor vendor, SubmitRequest request, FaceResolution faces) {
    List<CompletableFuture<ResolvedDub>> dubs = new ArrayList<>();
    for (ResolvedDub dub : request.dubs()) {
      dubs.add(dub.audio() instanceof AudioSource.Speech speech
          ? observed(() -> vendor.provider().speak(speech)).thenApply(audio -> spoken(vendor, dub, audio))
          : CompletableFuture.completedFuture(dub));
    }
    CompletableFuture.allOf(dubs.toArray(CompletableFuture[]::new)).whenComplete((all, error) -> {
      if (error != null) {
        callFailed(index, vendor, Operation.IDENTIFY, error);
        return;
      }
      takeSlot(index, vendor, new SubmitRequest(request.session(), dubs.stream().map(CompletableFuture::join).toList(),
          request.selectors(), request.callbackUrl(), request.idempotencyKey(), request.watermark()), faces);
    });
  }

  /** How many texts {@code vendor} spoke for this job: each billed as a speech. */
  private synchronized int spokenAt(Vendor vendor) {
    return (int) attempts.stream()
        .filter(a -> a.outcome() == Attempt.Outcome.SPOKEN && a.vendor().equals(vendor.id()))
        .count();
  }

  /** {@code dub} with the vendor's spoken audio instead of its text, recorded and told. */
  private ResolvedDub spoken(Vendor vendor, ResolvedDub dub, SpokenAudio audio) {
    TaskRef ref = new TaskRef(vendor.id(), audio.reference());
    record(new Attempt(vendor.id(), Attempt.Outcome.SPOKEN, false, ref, null, null));
    if (audio.billedUnits() != null) {
      identifyUnits.merge(vendor.id(), audio.billedUnits(), BigDecimal::add);
    }
    emit(JobEvent.Type.SPOKEN, vendor, ref, "the text, as " + audio.described() + " of "
        + audio.length().toMillis() + " ms");
    return new ResolvedDub(dub.face(), audio.audio(), null, dub.insertAtMs(), dub.volume(),
        dub.originalVolume(), audio.length());
  }

  // ---- the vendor's tasks in flight ------------------------------------------------------------

  /**
   * Takes a slot among the vendor's tasks in flight ({@link ResilienceSettings#maxTasksInFlight()}),
   * waiting in order for one where none is free, then submits. The deadline still holds while waiting.
   */
  private void takeSlot(int index, Vendor vendor, SubmitRequest request, FaceResolution faces) {
    TaskSlots slots = vendor.slots();
    CompletableFuture<TaskSlots.Slot> place = slots.acquire();
    if (!place.isDone()) {
      synchronized (this) {
        waitingForSlot = place;
      }
      emit(JobEvent.Type.WAITING, vendor, null, "waiting for a free slot at " + vendor.id() + ": "
          + slots.inFlight() + " of " + slots.limit() + " tasks in flight, " + slots.waiting() + " job(s) waiting");
    }
    place.thenAccept(taken -> {
      synchronized (this) {
        waitingForSlot = null;
        slot = taken;
      }
      submit(index, vendor, request, faces, 0);
    });
  }

  private void submit(int index, Vendor vendor, SubmitRequest request, FaceResolution faces, int waits) {
    if (!setCurrent(vendor, JobState.SUBMITTING)) {
      releaseSlot();
      return;
    }
    Instant sent = now();
    observed(() -> vendor.provider().submit(request)).whenComplete((ref, error) -> {
      if (error == null) {
        track(index, vendor, ref, faces, sent);
        return;
      }
      FailurePolicy.Next next = vendor.policy().decide(Operation.SUBMIT, error).next();
      if (next == FailurePolicy.Next.WAIT) {
        waitAtVendor(index, vendor, request, faces, waits, unwrap(error));
      } else if (next == FailurePolicy.Next.RECONCILE) {
        // A task may exist: its slot stays taken until the job ends.
        reconcile(index, vendor, outcomeUnknownAfter(vendor, unwrap(error)), faces);
      } else if (next == FailurePolicy.Next.IDENTIFY_AGAIN && renewsSession(index)) {
        releaseSlot();
        identify(index, "the session expired at " + vendor.id() + "; identifying the faces again");
      } else {
        releaseSlot();
        callFailed(index, vendor, Operation.SUBMIT, error);
      }
    });
  }

  /**
   * The vendor runs as many of the account's tasks as it allows (Kling 1303), some of them perhaps
   * another process's: the same submit is made again after a backoff from 1 s, doubling up to 30 s,
   * until the job's deadline; nothing was paid, and another vendor would not be sooner.
   */
  private void waitAtVendor(
      int index, Vendor vendor, SubmitRequest request, FaceResolution faces, int waits, Throwable why) {
    Duration backoff = WAIT_FIRST.multipliedBy(1L << Math.min(waits, 5));
    if (backoff.compareTo(WAIT_LONGEST) > 0) {
      backoff = WAIT_LONGEST;
    }
    emit(JobEvent.Type.WAITING, vendor, null, vendor.id() + " runs as many of the account's tasks as it allows ("
        + why.getMessage() + "); submitting again in " + backoff.toMillis() + " ms");
    try {
      context.tracker().scheduler().schedule(backoff, () -> submit(index, vendor, request, faces, waits + 1));
    } catch (RuntimeException closing) {
      // The gateway is closing: close() ends this job with what it needs to pick it up.
      releaseSlot();
    }
  }

  /** Counts a task that exists already (taken over, or resumed) among its vendor's tasks in flight. */
  private void occupySlot(Vendor vendor) {
    TaskSlots.Slot taken = vendor.slots().occupy();
    synchronized (this) {
      slot = taken;
    }
  }

  /** Gives back the job's slot at its vendor, if it holds one; and its place in a queue for one. */
  private void releaseSlot() {
    TaskSlots.Slot held;
    CompletableFuture<TaskSlots.Slot> place;
    synchronized (this) {
      held = slot;
      slot = null;
      place = waitingForSlot;
      waitingForSlot = null;
    }
    if (place != null && !place.cancel(false)) {
      // The slot came just now: it is this job's to give back.
      place.thenAccept(TaskSlots.Slot::release);
    }
    if (held != null) {
      held.release();
    }
  }

  /** The indexes of the dubs the next task dubs: every one, or the chain's step under way. */
  private List<Integer> dubsUnderWay(LipSyncJob job) {
    Chain steps = chain;
    return steps != null ? steps.dubs() : IntStream.range(0, job.dubs().size()).boxed().toList();
  }

  /**
   * The faces the first task at {@code vendor} dubs: all of them, or, where the vendor dubs fewer per
   * task than the job names, the first step of a chain, planned here with its cost before anything is
   * paid.
   */
  private FaceResolution planned(Vendor vendor, LipSyncJob job, FaceResolution resolved) {
    int perTask = Chain.facesPerTask(vendor.provider().capabilities(), job);
    List<List<Integer>> steps = perTask > 0 ? resolved.steps(perTask) : List.of();
    if (steps.size() <= 1) {
      return resolved;
    }
    if (!job.chaining()) {
      throw new NotSupportedException(vendor.id(), "dubs at most " + perTask + " face(s) per task, and the job"
          + " forbids a chain of tasks (LipSyncJob.chaining)");
    }
    Chain planned = new Chain(vendor, steps);
    chain = planned;
    emit(JobEvent.Type.PLANNED, vendor, null, planned.plan(job));
    return resolved.only(planned.dubs());
  }

  /**
   * A submit whose outcome is unknown: look the task up by the job's key where the vendor can. Found,
   * it is tracked; not found, no task was created and the job may move on; anywhere else the job ends
   * here, saying so, rather than paying a second vendor.
   */
  private void reconcile(int index, Vendor vendor, SubmitOutcomeUnknownException unknown, FaceResolution faces) {
    LipSyncJob job = requireJob();
    Chain steps = chain;
    String key = steps == null ? job.idempotencyKey() : steps.key(job.idempotencyKey());
    SubmitOutcomeUnknownException withKey = unknown.idempotencyKey() == null
        ? unknown.withIdempotencyKey(key) : unknown;
    if (!vendor.provider().capabilities().findsTasksByIdempotencyKey()) {
      outcomeUnknown(vendor, withKey);
      return;
    }
    observed(() -> vendor.provider().findByIdempotencyKey(key)).whenComplete((found, error) -> {
      if (error != null) {
        // Whatever a lookup cannot settle leaves the outcome unknown (the policy's lookup row).
        outcomeUnknown(vendor, withKey);
      } else if (found.isPresent()) {
        track(index, vendor, found.get(), faces);
      } else {
        // The vendor's word that no task was created: the job may move on, as after a refusal.
        failed(index, vendor, Operation.SUBMIT, new NotFoundException(ErrorContext.of(vendor.id()),
            "the submit's outcome was unknown, and the vendor holds no task with the job's key", withKey),
            null);
      }
    });
  }

  /**
   * A submit's failure that leaves it unknown whether the task was created, as the exception that says
   * so: an adapter's outage or unreadable answer to a submit becomes one, keeping it as the cause.
   */
  private SubmitOutcomeUnknownException outcomeUnknownAfter(Vendor vendor, Throwable failure) {
    if (failure instanceof SubmitOutcomeUnknownException unknown) {
      return unknown;
    }
    ErrorContext context = ErrorContext.of(vendor.id());
    String what = String.valueOf(failure);
    if (failure instanceof LipSyncException known) {
      context = known.context();
      what = known.reason();
    }
    return new SubmitOutcomeUnknownException(context,
        "the vendor answered the submit with a failure that does not say whether it created the task ("
            + what + ")",
        requireJob().idempotencyKey(), failure);
  }

  private void outcomeUnknown(Vendor vendor, SubmitOutcomeUnknownException unknown) {
    record(new Attempt(vendor.id(), Attempt.Outcome.OUTCOME_UNKNOWN, true, null, unknown.kind(),
        unknown.getMessage()));
    finishFailed(vendor, unknown);
  }

  private void track(int index, Vendor vendor, TaskRef ref, FaceResolution faces) {
    track(index, vendor, ref, faces, null);
  }

  /**
   * Tracks the task {@code ref}; {@code submitted} is when this gateway sent its submit, or null for a
   * task whose start is not known here (found by its key, or taken over). Only a task whose start is
   * known has its polls placed around where such tasks end, and teaches how long they take.
   */
  private void track(int index, Vendor vendor, TaskRef ref, FaceResolution faces, @Nullable Instant submitted) {
    TaskDurations durations = context.durations();
    Duration audio = submitted == null || durations == null ? null : learnableAudio();
    ExpectedEnd expected = audio == null ? null : durations.expect(vendor.id(), audio);
    Tracking started = context.tracker().prepare(
        ref,
        r -> {
          context.metrics().poll(vendor.id());
          return observed(() -> vendor.provider().status(r));
        },
        context.pollSchedule(),
        expected == null ? null : new PollPlacement(submitted, expected, context.pollSchedule()),
        deadline,
        snapshot -> {
          if (!snapshot.state().isTerminal()) {
            emit(JobEvent.Type.RUNNING, vendor, ref, snapshot.state() + " (\"" + snapshot.rawStatus() + "\")");
          }
        });
    started.onRetry(error -> emit(JobEvent.Type.RETRYING, vendor, ref,
        "status poll failed (" + error.getMessage() + "); polling again"));
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      // Set together, so a cancel from now on stops this tracking, even before it starts.
      taskRef = ref;
      state = JobState.RUNNING;
      tracking = started;
    }
    // On record before anyone hears of the task: a paid task is never only in memory.
    journal.tracking(vendor.id(), ref, attempts(), now());
    started.start(() -> {
      // Registered before anyone hears of the task, so a callback that follows at once finds it; and
      // SUBMITTED comes before any RUNNING, which polls and callbacks deliver only after this.
      context.trackings().put(ref, started);
      emit(JobEvent.Type.SUBMITTED, vendor, ref, "task created");
    });
    started.result().whenComplete((snapshot, error) -> {
      context.trackings().remove(ref, started);
      // The task ended (or is no longer followed here): its slot at the vendor is free.
      releaseSlot();
      if (error != null) {
        Throwable cause = unwrap(error);
        if (!(cause instanceof CancellationException)) {
          taskLost(vendor, ref, cause);
        }
      } else if (snapshot.state() == TaskState.SUCCEEDED) {
        if (audio != null && durations != null && submitted != null) {
          // Failed tasks teach nothing: a vendor refuses in seconds what it would render in minutes.
          started.endedAround().ifPresent(end ->
              durations.record(vendor.id(), audio, Duration.between(submitted, end), end));
        }
        succeeded(vendor, snapshot, faces);
      } else {
        failed(index, vendor, Operation.STATUS, new TaskFailedException(snapshot), ref);
      }
    });
  }

  /**
   * The audio this job's task is billed for, when it is known without guessing and the task is the
   * whole job (a step of a chain dubs a part of it): what its duration is learnt by. Else null.
   */
  private @Nullable Duration learnableAudio() {
    LipSyncJob job = requireJob();
    if (chain != null || !job.dubs().stream().allMatch(d -> d.clipOrDefault() != null)) {
      return null;
    }
    return Pricing.billableAudio(job);
  }

  /** Tracking ended without a terminal state (deadline, an error polling cannot mend): the task stays known. */
  private void taskLost(Vendor vendor, TaskRef ref, Throwable cause) {
    LipSyncException error = cause instanceof LipSyncException known ? known
        : new ProtocolException(ErrorContext.of(vendor.id()), "tracking failed (" + cause + ")", cause);
    error.attachTaskRef(ref);
    record(new Attempt(vendor.id(), Attempt.Outcome.FAILED, true, ref, error.kind(), error.getMessage()));
    finishFailed(vendor, error);
  }

  /**
   * A call that created nothing failed. An {@link Error} (a broken classpath) is this process's fault:
   * no other vendor would fare better, so the job ends with it as it is.
   */
  private void callFailed(int index, Vendor vendor, Operation operation, Throwable error) {
    if (unwrap(error) instanceof Error broken) {
      record(new Attempt(vendor.id(), Attempt.Outcome.FAILED, false, null, null, broken.toString()));
      finish(vendor, null, broken);
    } else {
      failed(index, vendor, operation, unwrap(error, vendor.id()), null);
    }
  }

  /** A call failed for good: the job moves on where the vendor's policy says so, else it ends here. */
  private void failed(
      int index, Vendor vendor, Operation operation, LipSyncException error, @Nullable TaskRef ref) {
    record(new Attempt(vendor.id(), Attempt.Outcome.FAILED, ref != null, ref, error.kind(), error.getMessage()));
    int next = index + 1;
    Chain steps = chain;
    // A finished step was paid for here: another vendor would dub every face again, so the job ends.
    boolean staysHere = steps != null && steps.started();
    if (!staysHere && next < candidates.size() && vendor.policy().movesOn(operation, error)
        && now().isBefore(deadline)) {
      chain = null; // the next vendor plans its own
      Vendor nextVendor = candidates.get(next);
      context.metrics().failover(vendor.id(), nextVendor.id(), error.kind());
      emit(JobEvent.Type.FAILED_OVER, vendor, ref,
          error.kind().tag() + ": " + error.getMessage() + "; trying " + nextVendor.id());
      identifyAt(next);
    } else {
      finishFailed(vendor, error);
    }
  }

  private void succeeded(Vendor vendor, TaskSnapshot snapshot, FaceResolution faces) {
    LipSyncJob ran = job;
    Chain steps = chain;
    if (steps != null && !steps.lastStep() && ran != null) {
      stepDone(steps, vendor, snapshot, faces);
      return;
    }
    BigDecimal cost = ran == null ? null : steps != null ? steps.estimate(ran).orElse(null)
        : vendor.provider().pricing().estimate(1, billed(ran, snapshot), spokenAt(vendor)).orElse(null);
    record(new Attempt(vendor.id(), Attempt.Outcome.SUCCEEDED, true, snapshot.ref(), null, null));
    List<ChainStep> chained = List.of();
    List<String> rules = faces.rules();
    if (steps != null) {
      List<String> all = new ArrayList<>();
      steps.finished().forEach(step -> all.addAll(step.faceRules()));
      all.addAll(rules);
      rules = all;
      chained = new ArrayList<>(steps.finished());
      chained.add(new ChainStep(steps.number(), snapshot.ref(), snapshot.videos(), faces.rules()));
    }
    BigDecimal units = steps == null ? billedUnits(vendor, snapshot) : steps.billed(billedUnits(vendor, snapshot));
    LipSyncResult done;
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      state = JobState.SUCCEEDED;
      done = LipSyncResult.builder(snapshot.ref(), idempotencyKey())
          .videos(snapshot.videos())
          .attempts(attempts)
          .faceRules(rules)
          .estimatedCostUsd(cost)
          .billedUnits(units)
          .steps(chained)
          .timings(startedAt, now())
          .build();
    }
    journal.succeeded(done, now());
    if (cost != null) {
      context.metrics().cost(vendor.id(), cost);
    }
    context.metrics().jobFinished(observation, vendor.id(), GatewayMetrics.SUCCESS, done.elapsed());
    emit(JobEvent.Type.SUCCEEDED, vendor, snapshot.ref(), snapshot.videos().size() + " video(s)");
    result.complete(done);
  }

  /**
   * A step of the chain finished: it is recorded as a succeeded attempt with its task, and the next step
   * identifies the faces in the video it made, chooses its own there (by times, or by the pictures seen
   * in the first session) and is submitted on that video.
   */
  private void stepDone(Chain steps, Vendor vendor, TaskSnapshot snapshot, FaceResolution faces) {
    ChainStep step = steps.finish(snapshot.ref(), snapshot.videos(), faces.rules(), snapshot.billedUnits());
    record(new Attempt(vendor.id(), Attempt.Outcome.SUCCEEDED, true, snapshot.ref(), null, null));
    synchronized (this) {
      tracking = null;
    }
    emit(JobEvent.Type.STEP_DONE, vendor, snapshot.ref(),
        step + " (" + step.number() + " of " + steps.size() + ")");
    if (snapshot.videos().isEmpty()) {
      failed(candidates.indexOf(vendor), vendor, Operation.STATUS, new ProtocolException(ErrorContext.of(vendor.id()),
          "step " + step.number() + " succeeded without a video for the next step to dub", null), null);
      return;
    }
    identify(Math.max(0, candidates.indexOf(vendor)),
        "identifying the faces in step " + step.number() + "'s video for step " + steps.number());
  }

  /**
   * What the vendor reported it billed, in its own units: the task's, with its identifications' where
   * it reported them; null without the task's, as the identifications alone would understate it.
   */
  private @Nullable BigDecimal billedUnits(Vendor vendor, TaskSnapshot snapshot) {
    BigDecimal task = snapshot.billedUnits();
    return task == null ? null : task.add(identifyUnits.getOrDefault(vendor.id(), BigDecimal.ZERO));
  }

  /**
   * What the vendor bills: the clips when every dub names one or its audio's length is known;
   * otherwise the result's length when the vendor reports it; otherwise the upper bound {@link
   * Pricing#billableAudio} assumes.
   */
  private static Duration billed(LipSyncJob job, TaskSnapshot snapshot) {
    if (job.dubs().stream().allMatch(d -> d.clipOrDefault() != null)) {
      return Pricing.billableAudio(job);
    }
    List<ResultVideo> videos = snapshot.videos();
    if (!videos.isEmpty() && videos.stream().allMatch(v -> v.duration() != null)) {
      return videos.stream().map(ResultVideo::duration).max(Duration::compareTo).orElseThrow();
    }
    return Pricing.billableAudio(job);
  }

  private void finishFailed(Vendor vendor, LipSyncException error) {
    finish(vendor, error.taskRef().orElse(null), error);
  }

  private void finish(Vendor vendor, @Nullable TaskRef ref, Throwable error) {
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      state = JobState.FAILED;
    }
    Chain steps = chain;
    if (steps != null && steps.started() && error instanceof LipSyncException known) {
      // The finished steps were paid for, and their videos hold the faces dubbed so far.
      known.attachFinishedSteps(steps.finished());
    }
    // The deadline is the application's, not the vendor's: a paid task may still end with a video.
    boolean overdue = ref != null && error instanceof DeadlineExceededException && context.durable();
    if (overdue) {
      journal.overdue(vendor.id(), ref, attempts(), now());
    } else {
      journal.end(JobState.FAILED, ref, attempts(), error instanceof LipSyncException known ? known.kind() : null,
          error instanceof LipSyncException ? error.getMessage() : error.toString(), now());
    }
    context.metrics().jobFinished(observation, vendor.id(), GatewayMetrics.outcomeOf(error), elapsed());
    emit(JobEvent.Type.FAILED, vendor, ref, error instanceof LipSyncException ? error.getMessage() : error.toString());
    if (overdue) {
      // Before the answer, so that whoever counts this gateway's jobs at the answer sees the follow.
      followLate(vendor, ref);
    }
    result.completeExceptionally(error);
  }

  // ---- past the deadline ---------------------------------------------------------------------------

  /**
   * Follows a task past its job's deadline, sparsely, until it ends at the vendor or the vendor would
   * have deleted its results; its end goes to the store (a late video with its URL), and callbacks for
   * it apply as for any tracked task. The job's handle has its answer already.
   */
  private void followLate(Vendor vendor, TaskRef ref) {
    Tracking late = context.tracker().prepare(
        ref,
        r -> {
          context.metrics().poll(vendor.id());
          return observed(() -> vendor.provider().status(r));
        },
        Overdue.SCHEDULE,
        startedAt.plus(Overdue.RETENTION),
        snapshot -> { });
    synchronized (this) {
      following = late;
    }
    late.start(() -> context.trackings().put(ref, late));
    late.result().whenComplete((snapshot, error) -> {
      context.trackings().remove(ref, late);
      if (error == null) {
        endedLate(vendor, snapshot);
      } else if (!(unwrap(error) instanceof CancellationException)) {
        journal.end(JobState.FAILED, ref, attempts(), FailureKind.DEADLINE_EXCEEDED, "the task had not ended at "
            + vendor.id() + " when its results would have been deleted (" + Overdue.RETENTION.toDays() + " days)",
            now());
      }
    });
  }

  /** A task followed past its job's deadline ended: its video, or its failure, goes on record. */
  private void endedLate(Vendor vendor, TaskSnapshot snapshot) {
    if (snapshot.state() == TaskState.SUCCEEDED) {
      record(new Attempt(vendor.id(), Attempt.Outcome.SUCCEEDED, true, snapshot.ref(), null, null));
      LipSyncJob ran = job;
      LipSyncResult late = LipSyncResult.builder(snapshot.ref(), idempotencyKey())
          .videos(snapshot.videos())
          .attempts(attempts())
          .estimatedCostUsd(ran == null ? null
              : vendor.provider().pricing().estimate(1, billed(ran, snapshot)).orElse(null))
          .billedUnits(billedUnits(vendor, snapshot))
          .timings(startedAt, now())
          .build();
      journal.succeeded(late, now());
    } else {
      TaskFailedException failure = new TaskFailedException(snapshot);
      record(new Attempt(vendor.id(), Attempt.Outcome.FAILED, true, snapshot.ref(), failure.kind(),
          failure.getMessage()));
      journal.end(JobState.FAILED, snapshot.ref(), attempts(), failure.kind(), failure.getMessage(), now());
    }
  }

  /**
   * Stops following a task past its deadline, writing nothing more: the gateway closes, or another took
   * the job over. The record stays {@link JobState#OVERDUE} for whoever carries it on.
   */
  void stopFollowing() {
    Tracking late;
    synchronized (this) {
      late = following;
    }
    journal.abandon();
    if (late != null) {
      late.cancel();
    }
  }

  /** Whether a task past its job's deadline is still followed here. */
  synchronized boolean followingLate() {
    return following != null && !following.result().isDone();
  }

  /**
   * Takes up a task past its job's deadline from its record, which another gateway left: it is
   * followed as that gateway would have; there is no handle to answer.
   */
  void recoverOverdue(JobRecord record, Vendor vendor) {
    this.job = record.job();
    journal.adopt(record);
    TaskRef ref = Objects.requireNonNull(record.taskRef(), "an overdue job has a task");
    synchronized (this) {
      attempts.addAll(record.attempts());
      current = vendor;
      taskRef = ref;
      state = JobState.FAILED;
    }
    followLate(vendor, ref);
    context.metrics().jobLeft(observation);
    result.completeExceptionally(new DeadlineExceededException(ErrorContext.of(vendor.id()).withTaskRef(ref),
        Duration.between(startedAt, record.updatedAt()), null));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Makes a vendor call within this job's observation, so that the call's own observation ({@code
   * lipsync.vendor.call}, made by {@link MeteredProvider} as the call starts) takes it as parent. The
   * calls start on whatever thread the previous step completed on, where no scope of the job is open:
   * hence the scope opened here, for the synchronous start of the call alone.
   */
  private <T> CompletableFuture<T> observed(Supplier<CompletableFuture<T>> call) {
    return observation.scoped(call);
  }

  private LipSyncJob requireJob() {
    LipSyncJob current = job;
    if (current == null) {
      throw new IllegalStateException("a resumed task has no job to run");
    }
    return current;
  }

  /**
   * Moves the job to {@code next} at {@code vendor}, and writes it to the store before returning: the
   * move to {@link JobState#SUBMITTING} is the intent (vendor and key) on record before the paid call.
   *
   * @return whether the job goes on: false if it had ended, or the store could not be written
   */
  private boolean setCurrent(Vendor vendor, JobState next) {
    synchronized (this) {
      if (state.isTerminal()) {
        return false;
      }
      current = vendor;
      state = next;
    }
    try {
      journal.move(next, vendor.id(), attempts(), now());
    } catch (JobStoreException e) {
      unrecorded(e);
      return false;
    }
    return true;
  }

  /**
   * Ends the job, before its paid call, because the store could not record it: a job that would not be
   * on record is not paid for. Nothing more is sent; the job fails with the store's exception.
   */
  private void unrecorded(JobStoreException reason) {
    synchronized (this) {
      if (state.isTerminal()) {
        return;
      }
      state = JobState.FAILED;
    }
    context.metrics().jobFinished(observation, null, GatewayMetrics.ERROR, elapsed());
    emit(JobEvent.Type.FAILED, null, null, reason.getMessage());
    result.completeExceptionally(reason);
  }

  /** Whether the session at candidate {@code index} may be renewed; true once per candidate. */
  private synchronized boolean renewsSession(int index) {
    if (sessionRenewedAt == index) {
      return false;
    }
    sessionRenewedAt = index;
    return true;
  }

  private synchronized void record(Attempt attempt) {
    attempts.add(attempt);
  }

  private Instant now() {
    return context.tracker().scheduler().now();
  }

  private Duration elapsed() {
    return Duration.between(startedAt, now());
  }

  private void emit(JobEvent.Type type, @Nullable Vendor vendor, @Nullable TaskRef ref, String message) {
    try {
      listener.onEvent(new JobEvent(type, vendor == null ? null : vendor.id(), ref, message, now()));
    } catch (RuntimeException e) {
      log.warn("A job listener failed on {}", type, e);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return LipSyncException.causeOf(error);
  }

  private static LipSyncException unwrap(Throwable error, String vendor) {
    Throwable cause = unwrap(error);
    return cause instanceof LipSyncException known ? known
        : new ProtocolException(ErrorContext.of(vendor), "unexpected failure", cause);
  }
}
