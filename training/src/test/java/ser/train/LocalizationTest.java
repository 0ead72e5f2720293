package ser.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import ser.data.Clip;
import ser.data.LabelSet;

/** The composites put the emotional segment exactly where they say, and the chance figures are what geometry gives. */
class LocalizationTest {
    private static final List<String> LABELS = LabelSet.SIX.labels();

    @Test
    void theSegmentIsTheCentreOfTheEmotionalClipAtItsStatedPlaceAndTheRestIsBackground() {
        List<Example> examples = new ArrayList<>();
        int neutral = LABELS.indexOf("neutral");
        int angry = LABELS.indexOf("angry");
        for (int i = 0; i < 3; i++) {
            examples.add(example("s1", neutral, 20_000, 1_000 + i)); // values 1000.. mark background samples
        }
        examples.add(example("s1", angry, 30_000, -1));
        examples.add(example("s1", angry, 10_000, -2)); // shorter than 1.2 s: never spliced
        examples.add(example("s2", angry, 30_000, -3)); // s2 has no neutral speech: no composite
        List<Localization.Composite> composites = Localization.composites(examples, LABELS, "neutral", 5);
        assertEquals(3, composites.size(), "one clip at three starts");
        for (Localization.Composite c : composites) {
            assertEquals("s1", c.speaker());
            assertEquals("angry", c.emotion());
            assertEquals(48_000, c.speech().length);
            int start = (int) Math.round(c.startS() * 16_000);
            float[] segment = Arrays.copyOfRange(c.speech(), start, start + 19_200);
            float[] centre = Arrays.copyOfRange(examples.get(3).speech(), 5_400, 5_400 + 19_200);
            assertArrayEquals(centre, segment);
            for (int i = 0; i < c.speech().length; i++) {
                if (i < start || i >= start + 19_200) {
                    assertTrue(c.speech()[i] >= 1_000, "sample " + i + " is background");
                }
            }
        }
        assertEquals(List.of(0.0, 0.9, 1.8), composites.stream().map(Localization.Composite::startS).toList());
    }

    @Test
    void overlapsAndTheirChance() {
        assertEquals(1.0, Localization.iou(0.5, 1.7, 0.5, 1.7), 1e-12);
        assertEquals(0.0, Localization.iou(0, 0.5, 0.9, 2.1), 1e-12);
        assertEquals(0.3 / 1.2, Localization.iou(0.9, 1.2, 0.9, 2.1), 1e-12, "a region inside the segment");
        assertEquals(1.0, Localization.inside(0.9, 1.2, 0.9, 2.1), 1e-12);
        // A region spanning the utterance covers the segment: IoU 1.2 / 3 and 1.2 / 3 of it inside.
        assertEquals(0.4, Localization.chance(3.0, 0.9, 2.1, Localization::iou), 1e-12);
        assertEquals(0.4, Localization.chance(3.0, 0.9, 2.1, Localization::inside), 1e-12);
        // A point-like region lands inside a segment 1.2 s of 3 s long 40 % of the time.
        assertEquals(0.4, Localization.chance(1e-6, 0.9, 2.1, Localization::inside), 1e-3);
        // A region as long as the segment, uniform over 1.8 s of starts, against the middle segment: at a
        // distance u, uniform in [0, 0.9], IoU = (1.2 − u) / (1.2 + u), whose mean is (2.4 ln(2.1 / 1.2) − 0.9) / 0.9.
        double expected = (2.4 * Math.log(2.1 / 1.2) - 0.9) / 0.9;
        assertEquals(expected, Localization.chance(1.2, 0.9, 2.1, Localization::iou), 1e-5);
    }

    private static Example example(String speaker, int label, int samples, float mark) {
        float[] speech = new float[samples];
        for (int i = 0; i < samples; i++) {
            speech[i] = mark < 0 ? i : mark;
        }
        return new Example(new Clip(Path.of(speaker + "-" + mark + ".wav"), "test", speaker, LABELS.get(label), LABELS.get(label)),
                speech, label);
    }
}
