package dev.lipsync.kling;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.support.CallbackBodies;
import dev.lipsync.support.Lazily;
import dev.lipsync.support.PollUntil;
import dev.lipsync.support.Timeouts;
import dev.lipsync.support.VendorBuilder;
import dev.lipsync.support.VendorCalls;
import dev.lipsync.support.VendorProfile;
import dev.lipsync.support.VendorProvider;
import dev.lipsync.support.upstream.AdvancedWire;
import dev.lipsync.support.upstream.IdentifyWire;
import dev.lipsync.support.upstream.TaskWire;
import dev.lipsync.support.upstream.UpstreamMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Kling's own API ({@code https://api-singapore.klingai.com}), vendor id {@code kling}: the upstream
 * that every reseller here forwards to, with the same paths without their {@code /kling} prefix.
 *
 * <ul>
 *   <li>Authentication: an access key and a secret key. Every call carries {@code Authorization: Bearer
 *       <JWT>}, a token signed HS256 with the secret key whose {@code iss} is the access key, valid 30
 *       minutes from 5 s in the past; one token serves every call until 5 minutes before it expires
 *       (dated by the builder's {@link VendorBuilder#clock clock}). Neither key nor the token appears in
 *       a log, an error or a {@code toString}; both keys are masked in whatever Kling answers.
 *   <li>Identify-face ({@code /v1/videos/identify-face}): a video by URL or by Kling video id; answered
 *       at once, with what it cost ({@code final_unit_deduction}) in the session's {@code billedUnits}.
 *   <li>Advanced lip-sync ({@code /v1/videos/advanced-lip-sync}): audio by URL, as bytes (Base64) or by
 *       Kling audio id; one face per task, chosen by id (Kling's limit for now; {@link
 *       Builder#maxFacesPerTask} lifts it); the clip and insert time, always sent as Kling requires
 *       them; both volumes; a watermarked copy; callbacks (the bare task object); the job's idempotency
 *       key as {@code external_task_id}, which Kling holds unique per account.
 *   <li>The task query ({@code GET /v1/videos/advanced-lip-sync/{task_id}}), with what the task cost in
 *       the snapshot's {@code billedUnits}.
 *   <li>Text to speech ({@code POST /v1/audio/tts}, {@link #speak}): text of at most {@value
 *       #MAX_SPEECH_CHARS} characters, a voice id, {@code zh} or {@code en}, a speed of 0.8–2.0;
 *       answered with the audio's id (or its URL) and length, or with a speech task that is then asked
 *       about until the audio is there. The advanced mode declares it ({@link
 *       Capabilities.Mode#speechFirst()}), so the gateway dubs text here as speech then lip-sync: it
 *       speaks the text, then submits the audio as {@code audio_id} (or {@code sound_file}) with the
 *       audio's length as the clip. A chosen face can so be dubbed by text.
 * </ul>
 *
 * <p>Kling's query of other video tasks takes an {@code external_task_id} instead of the task id, but
 * its reference does not document that for the advanced lip-sync, so this provider does not claim it
 * ({@link Capabilities#findsTasksByIdempotencyKey()} is false): a submit whose answer was lost ends
 * outcome unknown with its key, never sent again. The live test ({@code KlingIT}) asks the query by
 * the key it submitted with and says whether Kling found the task: claim it once a run has shown it.
 *
 * <p>Kling bills in units of its resource packs ({@code final_unit_deduction}, read into every {@code
 * billedUnits}). What a unit costs is configured with {@link Builder#unitPriceUsd}; {@link
 * #costUsd(BigDecimal)} then turns units billed into dollars. The sources this adapter was built from
 * (Kling's API reference as quoted by its clients) give no figure for how many units a lip-sync of five
 * seconds or an identification takes, so no estimate is derived from the unit price: the provider's
 * {@link #pricing()} is what {@link VendorBuilder#pricing} was given, unknown by default.
 *
 * <pre>{@code
 * LipSyncProvider kling = KlingProvider.builder()
 *     .accessKey(System.getenv("KLING_ACCESS_KEY"))
 *     .secretKey(System.getenv("KLING_SECRET_KEY"))
 *     .build();
 * }</pre>
 *
 * Thread-safe and immutable but for its current token; one instance serves any number of tasks.
 */
public final class KlingProvider extends VendorProvider {
  /** The vendor id. */
  public static final String ID = KlingMapper.VENDOR;
  /** Kling's global base URL (its SDKs' default); {@code https://api-beijing.klingai.com} serves mainland China. */
  public static final String DEFAULT_BASE_URL = "https://api-singapore.klingai.com";
  /** The environment variable holding the access key. */
  public static final String ACCESS_KEY_VARIABLE = "KLING_ACCESS_KEY";
  /** The environment variable holding the secret key. */
  public static final String SECRET_KEY_VARIABLE = "KLING_SECRET_KEY";
  /** The environment variable holding another base URL (a proxy, a simulator). */
  public static final String BASE_URL_VARIABLE = "KLING_BASE_URL";

  /** How many faces one task dubs unless {@link Builder#maxFacesPerTask} says otherwise: one, Kling's limit. */
  public static final int DEFAULT_MAX_FACES_PER_TASK = VendorBuilder.KLING_FACES_PER_TASK;

  private static final double MIN_SPEED = 0.8;
  private static final double MAX_SPEED = 2.0;

  private static final VendorProfile PROFILE =
      new VendorProfile(ID, DEFAULT_BASE_URL, ACCESS_KEY_VARIABLE, BASE_URL_VARIABLE);
  private static final String MODE = "advanced";
  /** The most characters {@code /v1/audio/tts} takes (the older lip-sync's text mode took 120). */
  public static final int MAX_SPEECH_CHARS = 1_000;
  /**
   * How a speech task still running is asked about by default: first after 1 s, growing by half, at
   * most 5 s apart. Speech takes seconds, and the job waits for it before anything is dubbed.
   */
  public static final PollSchedule DEFAULT_SPEECH_POLL_SCHEDULE =
      new PollSchedule(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(5), 0.2);
  /** How long a speech may take by default, from the call to the audio, before it fails. */
  public static final Duration DEFAULT_SPEECH_TIMEOUT = Duration.ofMinutes(2);

  private static Capabilities capabilities(int maxFacesPerTask) {
    return Capabilities.builder()
        .mode(Capabilities.Mode.builder(MODE)
            .videos(VideoKind.URL, VideoKind.VENDOR_VIDEO)
            .audio(AudioKind.URL, AudioKind.BYTES, AudioKind.VENDOR_AUDIO)
            // Text goes to /v1/audio/tts first; its audio is dubbed by audio_id.
            .speechFirst(VoiceLanguage.ZH, VoiceLanguage.EN)
            .voiceSpeed(true)
            // face_choose[] takes one entry per face, but Kling dubs one person per task for now.
            .maxFaces(maxFacesPerTask)
            .faceChoosing(Capabilities.FaceChoosing.BY_ID)
            // Kling requires the clip's times: a dub without a clip sends the whole audio.
            .clipRequired(true)
            .watermark(true)
            .insertTime(true)
            .volumes(true)
            .build())
        .callbacks(true)
        .idempotencyKeys(true)
        // The advanced lip-sync's query by external_task_id is not documented: see the type's Javadoc.
        .findsTasksByIdempotencyKey(false)
        .cancels(false)
        .build();
  }

  /** Made at the first call: see {@link Lazily}. */
  private final Lazily<KlingApi> api;
  private final @Nullable BigDecimal unitPriceUsd;
  private final PollSchedule speechPollSchedule;
  private final Duration speechTimeout;
  /** Reads a callback: the bare task object, or one a relay wrapped in the envelope. */
  private final Lazily<CallbackBodies.Parser<TaskWire.Task>> readCallback;

  private KlingProvider(Builder builder) {
    super(builder, capabilities(builder.maxFacesPerTask));
    this.api = Lazily.of(() -> http().create(KlingApi.class));
    this.unitPriceUsd = builder.unitPriceUsd;
    this.speechPollSchedule = builder.speechPollSchedule;
    this.speechTimeout = builder.speechTimeout;
    this.readCallback = Lazily.of(() -> UpstreamMapper.callbackParser(http().moshi(), TaskWire.Task.class));
  }

  /** Starts a provider; both keys are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The provider configured by {@code KLING_ACCESS_KEY}, {@code KLING_SECRET_KEY} and {@code
   * KLING_BASE_URL}; empty without keys.
   */
  public static Optional<KlingProvider> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The provider configured by {@code KLING_ACCESS_KEY}, {@code KLING_SECRET_KEY} and, if set, {@code
   * KLING_BASE_URL} in {@code env}.
   *
   * @return empty when neither key is set (unset or blank)
   * @throws IllegalArgumentException if only one key is set, or a key or the base URL is malformed (a
   *     key is never shown)
   */
  public static Optional<KlingProvider> fromEnvironment(Map<String, String> env) {
    return builder().fromEnvironmentKeys(env).map(Builder::build);
  }

  /** Asks {@code identify-face} for the faces of a video by URL or by Kling video id; answered at once. */
  @Override
  protected CompletableFuture<FaceSession> identify(VideoSource video) {
    IdentifyWire.Request body = KlingMapper.toVendorIdentify(video);
    return VendorCalls.read(
        ID, () -> api.get().identifyFace(body), answer -> KlingMapper.toCoreSession(answer, video, apiKey()));
  }

  /** Creates an advanced lip-sync task, sending the job's idempotency key as {@code external_task_id}. */
  @Override
  protected CompletableFuture<TaskRef> create(Capabilities.Mode mode, SubmitRequest request) {
    AdvancedWire.Request<AdvancedWire.FaceChoose> body = KlingMapper.toVendorAdvanced(request);
    return VendorCalls.readPaid(ID, request.idempotencyKey(), () -> api.get().createAdvanced(body),
        answer -> KlingMapper.toCoreTaskRef(answer, apiKey()));
  }

  /**
   * Speaks text with {@code POST /v1/audio/tts}: the audio, its length, and what it cost where Kling
   * says. Where Kling answers with the audio's id, the advanced lip-sync takes it as {@code audio_id};
   * where it gives only the audio's URL, as {@code sound_file}. Where it answers with a speech task
   * still running, the task is asked about ({@code GET /v1/audio/tts/{task_id}}) on the builder's
   * {@linkplain VendorBuilder#scheduler scheduler} and {@linkplain Builder#speechPollSchedule schedule}
   * until the audio is there, for at most {@linkplain Builder#speechTimeout the speech timeout}. Errors
   * are read as those of the other calls; the calls are authenticated as they are.
   *
   * @return a future failing with {@link InvalidRequestException}, nothing sent, if the text is longer
   *     than {@value #MAX_SPEECH_CHARS} characters, blank, or the speed is outside 0.8–2.0
   */
  @Override
  public CompletableFuture<SpokenAudio> speak(AudioSource.Speech speech) {
    Objects.requireNonNull(speech, "speech == null");
    List<Violation> violations = new ArrayList<>();
    int chars = speech.text().codePointCount(0, speech.text().length());
    if (speech.text().isBlank()) {
      violations.add(new Violation("speech.text", "\"" + speech.text() + "\"",
          "is blank: Kling speaks no empty text"));
    } else if (chars > MAX_SPEECH_CHARS) {
      violations.add(new Violation("speech.text", Violation.abbreviate(speech.text()),
          "has " + chars + " characters, more than the " + MAX_SPEECH_CHARS + " Kling's /v1/audio/tts takes"));
    }
    if (!(speech.speed() >= MIN_SPEED && speech.speed() <= MAX_SPEED)) {
      violations.add(new Violation("speech.speed", String.valueOf(speech.speed()),
          "is outside Kling's voice_speed range of " + MIN_SPEED + " to " + MAX_SPEED));
    }
    if (!violations.isEmpty()) {
      return CompletableFuture.failedFuture(new InvalidRequestException(violations));
    }
    SpeechWire.Request body = KlingMapper.toVendorSpeech(speech);
    Instant deadline = scheduler().now().plus(speechTimeout);
    CompletableFuture<KlingMapper.Speech> start =
        VendorCalls.read(ID, () -> api.get().speak(body), answer -> KlingMapper.toCoreSpeech(answer, apiKey()));
    return PollUntil.afterStart(ID, start, first -> {
      if (first.state() instanceof Poll.Done<SpokenAudio> done) {
        return CompletableFuture.completedFuture(done.value());
      }
      // Only a running task is pending, and the mapper has checked that it names its id.
      TaskRef task = new TaskRef(ID, Objects.requireNonNull(first.taskId()));
      ErrorContext polling = ErrorContext.of(ID).withTaskRef(task);
      return PollUntil.on(scheduler(), speechPollSchedule, deadline, polling).poll(() -> VendorCalls.read(polling,
          () -> api.get().speechTask(task.taskId()), answer -> KlingMapper.toCoreSpeech(answer, apiKey()).state()));
    });
  }

  /**
   * What {@code units} of Kling's (a {@code billedUnits} of a result, a session or a spoken audio) cost
   * in dollars at the configured {@link Builder#unitPriceUsd unit price}; empty when none was set.
   */
  public Optional<BigDecimal> costUsd(BigDecimal units) {
    Objects.requireNonNull(units, "units == null");
    BigDecimal price = unitPriceUsd;
    return price == null ? Optional.empty()
        : Optional.of(price.multiply(units).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros());
  }

  /** The price of one of Kling's units as configured ({@link Builder#unitPriceUsd}); empty if not. */
  public Optional<BigDecimal> unitPriceUsd() {
    return Optional.ofNullable(unitPriceUsd);
  }

  /** Asks {@code GET /v1/videos/advanced-lip-sync/{task_id}}. */
  @Override
  protected CompletableFuture<TaskSnapshot> query(TaskRef ref) {
    return VendorCalls.read(
        ID, () -> api.get().advancedTask(ref.taskId()), answer -> KlingMapper.toCoreSnapshot(ref, answer, apiKey()));
  }

  /**
   * Reads the task object Kling posts to the callback URL on every status change: the bare task, not
   * the envelope (an enveloped body is read too). The same task may arrive several times, and Kling does
   * not sign it; the tracker lets state only move forward and confirms an end by a query.
   *
   * @throws ProtocolException if the body is not such a task object
   */
  @Override
  public TaskSnapshot parseCallback(String body) {
    return CallbackBodies.read(ID, apiKey(), body, readCallback.get(), KlingMapper::toCoreSnapshot);
  }


  /**
   * Builds a {@link KlingProvider}: both keys, and the settings every vendor takes (see {@link
   * VendorBuilder}), with Kling's defaults: the base URL {@value #DEFAULT_BASE_URL} and an unknown
   * price (Kling bills in units whose price depends on the resource pack: configure it, as {@link
   * #pricing} in dollars per identification and per five seconds, and {@link #unitPriceUsd} for what
   * the units billed cost). The inherited {@link #apiKey} is the access key. Each setter checks its
   * value at once. Not thread-safe.
   *
   * <pre>{@code
   * KlingProvider provider = KlingProvider.builder()
   *     .accessKey(accessKey)
   *     .secretKey(secretKey)
   *     .pricing(Pricing.of("0.01", "0.05"))   // what your resource pack costs
   *     .unitPriceUsd(new BigDecimal("0.14"))   // what one of its units costs
   *     .clock(clock)                           // dates the tokens; the system clock by default
   *     .build();
   * }</pre>
   */
  public static final class Builder extends VendorBuilder<Builder> {
    private int maxFacesPerTask = DEFAULT_MAX_FACES_PER_TASK;
    private @Nullable String secretKey;
    private @Nullable BigDecimal unitPriceUsd;
    private PollSchedule speechPollSchedule = DEFAULT_SPEECH_POLL_SCHEDULE;
    private Duration speechTimeout = DEFAULT_SPEECH_TIMEOUT;

    private Builder() {
      super(PROFILE, Pricing.unknown());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The access key, the token's {@code iss}. Required; the same as {@link #apiKey}.
     *
     * @throws IllegalArgumentException if it is blank or holds whitespace (the message never shows it)
     */
    public Builder accessKey(String accessKey) {
      return apiKey(Objects.requireNonNull(accessKey, "accessKey == null"));
    }

    /**
     * The secret key that signs the tokens; never sent. Required.
     *
     * @throws IllegalArgumentException if it is blank, holds whitespace or control characters, or is
     *     shorter than 32 bytes, too short for HS256 (the message never shows it)
     */
    public Builder secretKey(String secretKey) {
      Objects.requireNonNull(secretKey, "secretKey == null");
      if (secretKey.isBlank()) {
        throw new IllegalArgumentException("secretKey is blank");
      }
      if (secretKey.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("secretKey holds whitespace or control characters");
      }
      if (secretKey.getBytes(StandardCharsets.UTF_8).length < KlingTokens.MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("secretKey: shorter than " + KlingTokens.MIN_SECRET_BYTES
            + " bytes, too short to sign HS256 tokens (Kling's secret keys are 32 characters)");
      }
      this.secretKey = secretKey;
      return this;
    }

    /**
     * What one of Kling's units costs in dollars in your resource pack, for {@link
     * KlingProvider#costUsd}. Kling's documentation, as far as the sources of this adapter quote it,
     * gives no number of units per five seconds of lip-sync or per identification, so the price is not
     * turned into a {@link Pricing} estimate: give that with {@link #pricing} where you know it.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public Builder unitPriceUsd(BigDecimal price) {
      Objects.requireNonNull(price, "price == null");
      if (price.signum() < 0) {
        throw new IllegalArgumentException("unitPriceUsd: " + price.toPlainString() + " is negative");
      }
      this.unitPriceUsd = price;
      return this;
    }

    /**
     * When a speech task that Kling answers as still running is asked about; by default {@link
     * KlingProvider#DEFAULT_SPEECH_POLL_SCHEDULE}. The polls run on the {@link #scheduler scheduler}.
     */
    public Builder speechPollSchedule(PollSchedule schedule) {
      this.speechPollSchedule = Objects.requireNonNull(schedule, "schedule == null");
      return this;
    }

    /**
     * How long a speech may take, from the call to the audio; by default {@link
     * KlingProvider#DEFAULT_SPEECH_TIMEOUT}. Past it, {@link KlingProvider#speak} fails with a {@link
     * dev.lipsync.core.error.DeadlineExceededException} naming the speech task.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder speechTimeout(Duration timeout) {
      this.speechTimeout = Timeouts.requirePositive("speechTimeout", timeout);
      return this;
    }

    /**
     * How many faces one task may dub; by default {@value KlingProvider#DEFAULT_MAX_FACES_PER_TASK}.
     * Raise it when Kling lifts its one-person limit: a job with more faces than this goes elsewhere.
     *
     * @throws IllegalArgumentException if it is less than 1
     */
    public Builder maxFacesPerTask(int faces) {
      this.maxFacesPerTask = checkedMaxFacesPerTask(faces);
      return this;
    }

    /**
     * This builder with both keys and, if set, the base URL from {@code env}.
     *
     * @return empty when neither key is set
     * @throws IllegalArgumentException if only one key is set, or a value is malformed (naming the
     *     variable, never the key)
     */
    Optional<Builder> fromEnvironmentKeys(Map<String, String> env) {
      Objects.requireNonNull(env, "env == null");
      boolean access = isSet(env.get(ACCESS_KEY_VARIABLE));
      boolean secret = isSet(env.get(SECRET_KEY_VARIABLE));
      if (!access && !secret) {
        return Optional.empty();
      }
      if (access != secret) {
        throw new IllegalArgumentException((access ? SECRET_KEY_VARIABLE : ACCESS_KEY_VARIABLE)
            + " is not set, though " + (access ? ACCESS_KEY_VARIABLE : SECRET_KEY_VARIABLE)
            + " is: Kling needs both keys");
      }
      try {
        secretKey(env.get(SECRET_KEY_VARIABLE).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(SECRET_KEY_VARIABLE + ": " + e.getMessage());
      }
      return fromEnvironment(env);
    }

    private static boolean isSet(@Nullable String value) {
      return value != null && !value.isBlank();
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if the access key or the secret key was not given
     */
    public KlingProvider build() {
      String secret = secretKey;
      if (secret == null) {
        throw new IllegalStateException("Secret key required.");
      }
      String accessKey = apiKeyValue();
      alsoMask(secret);
      bearerTokens(new KlingTokens(accessKey, secret, clock()));
      return new KlingProvider(this);
    }
  }
}
