package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.SharedOtherSettings;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.InputRejected;
import org.samizdat.reach.Mirrors;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With the rule as it is outside tests (no private mirrors allowed), the newsroom refuses every
 * mirror address that points inside the server's networks, whoever types it. The rule is in the
 * second shared context's settings ({@link SharedOtherSettings}).
 */
@SharedOtherSettings
class MirrorsAimedInsideIT extends IntegrationTest {

  @Autowired Mirrors mirrors;

  @Test
  void mirrorsPointingInsideAreRefusedWithAClearMessageAndNothingIsSaved() throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String host = InetAddress.getLocalHost().getHostName(); // resolves to 127.0.0.1 here
    for (String inside :
        List.of(
            "http://127.0.0.1:8080",
            "http://10.0.0.1",
            "http://[::1]",
            "http://[::ffff:192.168.0.1]",
            "https://localhost",
            "http://169.254.169.254")) {
      assertThatThrownBy(
              () -> mirrors.replace(List.of("https://fine-" + u + ".example", inside), ""))
          .as(inside)
          .isInstanceOf(InputRejected.class)
          .hasMessageContaining("points inside");
    }
    assertThat(mirrors.current().urls()).isEmpty();

    var admin = admin();
    admin.open("/newsroom/mirrors");
    Response refused =
        admin.post(
            "/newsroom/mirrors",
            Map.of("mirrorUrls", "http://10.0.0.1\nhttp://" + host + ":8080", "onion", ""));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.html().select("[role=alert]").text())
        .contains("http://10.0.0.1 points inside")
        .doesNotContain("Exception");
    assertThat(mirrors.current().urls()).isEmpty();

    mirrors.replace(List.of("https://fine-" + u + ".example"), "");
    assertThat(mirrors.current().urls()).containsExactly("https://fine-" + u + ".example");
  }
}
