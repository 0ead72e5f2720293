package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class MelSpecTest {
    @Test
    void specsBuiltTwiceFromTheSameSettingsAreEqualSoTheyShareCachedConstants() {
        MelSpec a = LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE);
        MelSpec b = LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, LogMelReference.spec(400, 160, 512, 64, Normalization.PER_BIN));
        assertNotEquals(a, LogMelReference.spec(400, 160, 512, 40, Normalization.UTTERANCE));
        assertNotEquals(a, LogMelReference.spec(400, 80, 512, 64, Normalization.UTTERANCE));
    }
}
