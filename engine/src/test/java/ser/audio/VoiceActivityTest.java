package ser.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import ser.testing.TestData;

class VoiceActivityTest {
    private static final int RATE = AudioDecoder.SAMPLE_RATE;

    /** Background noise at about -70 dBFS with a loud modulated tone between {@code from} and {@code to} seconds. */
    private static float[] burst(double total, double from, double to, long seed) {
        Random random = new Random(seed);
        float[] x = new float[(int) (total * RATE)];
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / RATE;
            double voice = t >= from && t < to ? 0.3 * Math.sin(2 * Math.PI * 180 * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) : 0;
            x[i] = (float) (voice + 3e-4 * random.nextGaussian());
        }
        return x;
    }

    @Test
    void spanLandsOnTheLoudRegionWithinTheDocumentedPadding() {
        SpeechSpan span = VoiceActivity.detect(burst(3.0, 0.8, 2.1, 1), VadConfig.DEFAULT).orElseThrow();
        assertEquals(0.8, span.startS(), 0.06);
        assertEquals(2.1, span.endS(), 0.06);
    }

    @Test
    void aShortClickBeforeSpeechDoesNotMoveTheStart() {
        float[] x = burst(3.0, 1.0, 2.0, 2);
        for (int i = (int) (0.3 * RATE); i < 0.3 * RATE + 80; i++) {
            x[i] = 0.9f; // 5 ms click, shorter than minSpeechMs
        }
        SpeechSpan span = VoiceActivity.detect(x, VadConfig.DEFAULT).orElseThrow();
        assertEquals(1.0, span.startS(), 0.06);
    }

    @Test
    void silenceAndSubFrameSignalsHoldNoSpeech() {
        assertTrue(VoiceActivity.detect(new float[RATE], VadConfig.DEFAULT).isEmpty());
        assertTrue(VoiceActivity.detect(new float[100], VadConfig.DEFAULT).isEmpty());
        float[] faint = new float[RATE];
        Arrays.fill(faint, 1e-4f);
        assertTrue(VoiceActivity.detect(faint, VadConfig.DEFAULT).isEmpty(), "-80 dBFS is under the silence level");
    }

    @Test
    void steadySoundWithoutContrastIsKeptWhole() {
        float[] x = new float[RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 180 * i / RATE));
        }
        SpeechSpan span = VoiceActivity.detect(x, VadConfig.DEFAULT).orElseThrow();
        assertEquals(0, span.startSample());
        assertEquals(x.length, span.endSample());
    }

    @Test
    void streamingInOddChunksGivesTheSameSpanAsOneBuffer() {
        float[] x = burst(2.5, 0.4, 1.7, 4);
        var streamed = new VoiceActivity(VadConfig.DEFAULT);
        for (int i = 0; i < x.length; i += 333) {
            int n = Math.min(333, x.length - i);
            streamed.accept(Arrays.copyOfRange(x, i, i + n), n);
        }
        assertEquals(VoiceActivity.detect(x, VadConfig.DEFAULT), streamed.speechSpan());
        assertEquals(x.length, streamed.samplesSeen());
    }

    /** RAVDESS clips carry about a second of silence at each end; the span must land on the speech. */
    @Test
    void ravdessSilenceIsTrimmedFromBothEnds() throws IOException {
        Path ravdess = TestData.shared("ravdess");
        List<Path> clips = new ArrayList<>();
        for (String actor : List.of("Actor_01", "Actor_02", "Actor_05", "Actor_10")) {
            try (Stream<Path> s = Files.list(ravdess.resolve(actor))) {
                s.sorted().forEach(clips::add);
            }
        }
        int leadTrimmed = 0;
        int tailTrimmed = 0;
        for (Path clip : clips) {
            var vad = new VoiceActivity(VadConfig.DEFAULT);
            AudioDecoder.stream(clip, vad);
            SpeechSpan span = vad.speechSpan().orElseThrow();
            double duration = vad.samplesSeen() / (double) RATE;
            assertTrue(span.endS() - span.startS() >= 1.0, clip + ": speech cut to " + span);
            leadTrimmed += span.startS() >= 0.3 ? 1 : 0;
            tailTrimmed += duration - span.endS() >= 0.3 ? 1 : 0;
        }
        assertEquals(240, clips.size());
        assertTrue(leadTrimmed >= 0.95 * clips.size(), "leading silence trimmed on " + leadTrimmed + " of 240");
        assertTrue(tailTrimmed >= 0.90 * clips.size(), "trailing silence trimmed on " + tailTrimmed + " of 240");
    }

    @Test
    void speechLoaderTrimsAndStandardizes() throws IOException {
        Utterance u = new SpeechLoader(VadConfig.DEFAULT).load(TestData.resource("clips/03-01-05-01-01-01-01.flac"));
        assertTrue(u.span().startS() > 0.3, "RAVDESS lead silence trimmed: " + u.span());
        assertEquals(u.span().length(), u.samples().length);
        double sum = 0;
        double squares = 0;
        for (float v : u.samples()) {
            sum += v;
            squares += v * v;
        }
        assertEquals(0, sum / u.samples().length, 1e-4);
        assertEquals(1, squares / u.samples().length, 1e-3);
    }
}
