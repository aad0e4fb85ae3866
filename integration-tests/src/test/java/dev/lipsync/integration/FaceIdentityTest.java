package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.SimFace;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same person at every vendor: a face chosen exactly at CometAPI (times and pictures) is found again
 * after failover at apimodels, which gives no times and lists the people in another order, by comparing
 * the faces' pictures as the simulators serve them (PNG at 128 px, JPEG at 96 px); alad is sent the
 * picture. A person missing from the next session is never matched, and nothing is paid there.
 */
class FaceIdentityTest {
  private static final SimFace ANA = SimFace.three().get(0);
  private static final SimFace BEN = SimFace.three().get(1);
  private static final SimFace CLEO = SimFace.three().get(2);

  private final ThreeVendors vendors = new ThreeVendors();

  @AfterEach
  void stop() {
    vendors.close();
  }

  private static LipSyncJob job(FaceSelector face) {
    return job(face, FaceMatch.PICTURE);
  }

  private static LipSyncJob job(FaceSelector face, FaceMatch match) {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(face).audio(AudioSource.url("https://example.com/line.mp3")).build())
        .faceMatch(match)
        .build();
  }

  /** Three people appearing ana, ben, cleo; listed by each vendor without times in an order where each n is wrong. */
  private void threePeople() {
    vendors.cometapi.faces(SimFace.three());
    vendors.apimodels.faces(List.of(BEN, CLEO, ANA));
    vendors.alad.faces(List.of(BEN, CLEO, ANA));
    vendors.cometapi.injectAlways(Endpoint.SUBMIT, Fault.status(402));
  }

  @ParameterizedTest(name = "face {0} by appearance is {1}")
  @CsvSource({"1, ana", "2, ben", "3, cleo"})
  void should_dub_the_same_person_at_apimodels_found_by_picture(int n, String person) {
    threePeople();

    LipSyncResult result = vendors.await(vendors.gateway(vendors.cometapiProvider(), vendors.apimodelsProvider())
        .build().run(job(FaceSelector.nthByAppearance(n))).result());

    assertThat(result.vendor()).isEqualTo("apimodels");
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT).get(0).body()).contains("cometapi-" + person);
    assertThat(vendors.apimodels.requests(Endpoint.SUBMIT)).singleElement()
        .satisfies(submit -> assertThat(submit.body()).contains("apimodels-" + person));
    assertThat(result.faceRules()).singleElement().asString()
        .startsWith("face " + n + " by order of appearance at cometapi; here the face its picture matches (")
        .endsWith("% alike)");
  }

  @ParameterizedTest(name = "face {0} by appearance is {1}")
  @CsvSource({"1, ana", "2, ben", "3, cleo"})
  void should_send_alad_the_picture_of_the_person_chosen_at_cometapi(int n, String person) {
    threePeople();

    LipSyncResult result = vendors.await(vendors.gateway(vendors.cometapiProvider(), vendors.aladProvider())
        .build().run(job(FaceSelector.nthByAppearance(n))).result());

    SimFace chosen = SimFace.three().stream().filter(f -> f.person().equals(person)).findFirst().orElseThrow();
    assertThat(vendors.alad.faceImageUrls()).containsExactly(Optional.of(vendors.cometapi.faceImageUrl(chosen)));
    assertThat(vendors.alad.personDubbed(result.taskRef().taskId())).contains(person);
  }

  @Test
  void should_never_match_a_person_missing_from_the_next_session_and_pay_nothing_there() {
    threePeople();
    vendors.apimodels.faces(List.of(CLEO, ANA)); // ben is not in apimodels' session

    JobHandle handle = vendors.gateway(vendors.cometapiProvider(), vendors.apimodelsProvider())
        .build().run(job(FaceSelector.nthByAppearance(2), FaceMatch.ANY)); // even with approximations allowed
    Throwable failure = vendors.failure(handle.result());

    assertThat(vendors.apimodels.count(Endpoint.SUBMIT)).as("no wrong person paid for").isZero();
    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("[apimodels] cannot find the face dub[0] names (face 2 by order of appearance at"
            + " cometapi) by its picture: no face looks like the picture " + vendors.cometapi.faceImageUrl(BEN));
  }

  @Test
  void should_dub_the_face_a_given_picture_shows() {
    vendors.apimodels.faces(List.of(BEN, CLEO, ANA));

    LipSyncResult result = vendors.await(vendors.gateway(vendors.apimodelsProvider()).build()
        .run(job(FaceSelector.lookingLike(vendors.cometapi.faceImageUrl(CLEO)))).result());

    assertThat(vendors.apimodels.requests(Endpoint.SUBMIT).get(0).body()).contains("apimodels-cleo");
    assertThat(result.faceRules()).singleElement().asString()
        .startsWith("the face looking like " + vendors.cometapi.faceImageUrl(CLEO) + " (");
  }
}
