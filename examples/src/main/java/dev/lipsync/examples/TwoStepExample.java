package dev.lipsync.examples;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceChoice;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.VideoSource;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The two-step flow, for an application that lets a person choose the face: identify the faces of the
 * video, show them, take the choice, and submit the dub for that face. The session is bound to the
 * vendor that identified the faces, so the dub goes there.
 *
 * <p>Run it with {@code mvn -B -q exec:java -pl examples -Dexec.mainClass=dev.lipsync.examples.TwoStepExample}
 * (after {@code mvn -B -q install -DskipTests}).
 */
public final class TwoStepExample {
  private static final String VIDEO = "https://example.com/interview.mp4";

  private TwoStepExample() {}

  /** Runs the example on the vendors of the process environment, or on the simulators. */
  public static void main(String[] args) {
    Example.launch(TwoStepExample::run);
  }

  /** Identifies, shows the faces, chooses one and dubs it, printing each step to {@code out}. */
  public static int run(Vendors vendors, PrintStream out) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(vendors.scheduler())
        .pollSchedule(vendors.taskPolls());
    vendors.providers().forEach(builder::provider);

    try (LipSyncGateway gateway = builder.build()) {
      // Step 1: the faces, to show to a person (with their thumbnails, where the vendor gives them).
      FaceSession session = gateway.identify(VideoSource.url(VIDEO)).join();
      out.println("Faces found by " + session.vendor() + ":");
      List<Face> faces = session.faces();
      for (int i = 0; i < faces.size(); i++) {
        out.println("  " + (i + 1) + ". " + Report.describe(faces.get(i)));
      }

      // The person chooses; here the choice falls on the face on screen longest.
      FaceChoice choice = FaceSelector.longestOnScreen().resolve(session);
      Face chosen = choice.faces().get(0);
      out.println("Chose " + chosen.id() + " (" + choice.rule() + ")");

      // Step 2: the dub for exactly that face, at the vendor that found it.
      Dub dub = Dub.builder().face(FaceSelector.byId(chosen.id())).audio(AudioSource.url(vendors.audioUrl())).build();
      JobHandle handle = gateway.submit(session, List.of(dub), Report.events(out));
      LipSyncResult result = handle.result().join();
      Report.result(out, result);
      return 0;
    } catch (CompletionException | LipSyncException e) {
      // LipSyncException: no face to choose.
      return Report.failed(out, e);
    }
  }
}
