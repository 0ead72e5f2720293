package ser.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

class SpeechWindowsTest {
    private record Window(float[] speech, long origin, double voicedShare) {
    }

    /** Steady noise: less than 6 dB between floor and peak, so the whole signal is speech. */
    private static SpeechWindows.Source steadyNoise(int samples) {
        float[] x = new float[samples];
        var random = new Random(3);
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.1 * random.nextGaussian());
        }
        return sink -> {
            for (int i = 0; i < samples; i += 700) {
                int n = Math.min(700, samples - i);
                sink.accept(java.util.Arrays.copyOfRange(x, i, i + n), n);
            }
            return null;
        };
    }

    private static List<Window> cut(SpeechWindows windows, SpeechWindows.Source source) throws AudioDecodeException {
        List<Window> out = new ArrayList<>();
        windows.cut("test", source, (speech, origin, voiced) -> out.add(new Window(speech, origin, voiced)));
        return out;
    }

    @Test
    void windowsStartEveryHopAndTheLastOneIsNeverShorterThanAHop() throws AudioDecodeException {
        List<Window> halves = cut(new SpeechWindows(VadConfig.DEFAULT, 1000, 500, 1 << 20), steadyNoise(3200));
        assertEquals(List.of(0L, 500L, 1000L, 1500L, 2000L, 2500L), halves.stream().map(Window::origin).toList());
        assertEquals(700, halves.get(5).speech().length, "the last window holds the rest");

        // hop 800 of 1000: the tail after 1600 would be 500 samples, less than a hop, so the last window ends at 2100
        List<Window> wide = cut(new SpeechWindows(VadConfig.DEFAULT, 1000, 800, 1 << 20), steadyNoise(2100));
        assertEquals(List.of(0L, 800L, 1100L), wide.stream().map(Window::origin).toList());
        assertEquals(1000, wide.get(2).speech().length);

        List<Window> one = cut(new SpeechWindows(VadConfig.DEFAULT, 48_000, 24_000, 1 << 20), steadyNoise(30_000));
        assertEquals(1, one.size());
        assertEquals(30_000, one.get(0).speech().length, "speech shorter than a window is one window of its own length");
    }

    @Test
    void aRecordingStreamedInBoundedMemoryGivesTheWindowsOfOneHeldWhole(@TempDir Path dir) throws IOException {
        Path wav = TestData.writeRepeatedSyntheticWav(dir.resolve("long.wav"), 5);
        SpeechWindows.Source source = sink -> AudioDecoder.stream(wav, sink);

        var held = new SpeechWindows(VadConfig.DEFAULT, 48_000, 24_000, 1 << 26);
        var streamed = new SpeechWindows(VadConfig.DEFAULT, 48_000, 24_000, 16_000);
        SpeechWindows.Cut[] cuts = new SpeechWindows.Cut[2];
        List<Window> whole = new ArrayList<>();
        cuts[0] = held.cut("long.wav", source, (s, o, v) -> whole.add(new Window(s, o, v)));
        int[] passes = {0};
        List<Window> parts = new ArrayList<>();
        cuts[1] = streamed.cut("long.wav", sink -> {
            passes[0]++;
            return AudioDecoder.stream(wav, sink);
        }, (s, o, v) -> parts.add(new Window(s, o, v)));

        assertEquals(3, passes[0], "span, moments, windows");
        assertEquals(cuts[0], cuts[1]);
        assertTrue(cuts[0].windowed());
        assertTrue(whole.size() >= 5, whole.size() + " windows");
        assertEquals(whole.size(), parts.size());
        for (int w = 0; w < whole.size(); w++) {
            assertEquals(whole.get(w).origin(), parts.get(w).origin());
            assertArrayEquals(whole.get(w).speech(), parts.get(w).speech(), 1e-4f, "window " + w);
            assertEquals(whole.get(w).voicedShare(), parts.get(w).voicedShare(), "window " + w);
        }
    }

    @Test
    void windowsInAPauseInsideTheSpeechAreUnvoicedAndWindowsOfSpeechVoiced() throws AudioDecodeException {
        // 4 s of loud noise, 10 s of silence, 4 s of loud noise: one span, cut every 1.5 s into 3 s windows
        int rate = AudioDecoder.SAMPLE_RATE;
        float[] x = new float[18 * rate];
        var random = new Random(5);
        for (int i = 0; i < x.length; i++) {
            boolean loud = i < 4 * rate || i >= 14 * rate;
            x[i] = (float) ((loud ? 0.3 : 1e-4) * random.nextGaussian());
        }
        List<Window> windows = cut(new SpeechWindows(VadConfig.DEFAULT, 3 * rate, rate * 3 / 2, 1 << 24), sink -> {
            sink.accept(x, x.length);
            return null;
        });
        for (Window w : windows) {
            double start = w.origin() / (double) rate;
            double end = start + w.speech().length / (double) rate;
            double loudSeconds = Math.max(0, Math.min(end, 4) - start) + Math.max(0, end - Math.max(start, 14));
            assertEquals(loudSeconds / (end - start), w.voicedShare(), 0.02, "window at " + start + " s");
        }
        assertTrue(windows.stream().filter(w -> w.voicedShare() == 0).count() >= 3, "the pause holds three whole windows");
    }

    @Test
    void silenceAndTooShortRecordingsAreErrorsThatSayWhy() {
        var windows = new SpeechWindows(VadConfig.DEFAULT, 48_000, 24_000, 1 << 20);
        var silent = assertThrowsDecode(() -> windows.cut("silent.wav", sink -> {
            sink.accept(new float[16_000], 16_000);
            return null;
        }, (s, o, v) -> { }));
        assertTrue(silent.reason().startsWith("no speech"), silent.reason());
        var tiny = assertThrowsDecode(() -> windows.cut("tiny.wav", sink -> {
            sink.accept(new float[100], 100);
            return null;
        }, (s, o, v) -> { }));
        assertTrue(tiny.reason().startsWith("too short"), tiny.reason());
        assertFalse(tiny.getMessage().isEmpty());
    }

    private static AudioDecodeException assertThrowsDecode(org.junit.jupiter.api.function.Executable run) {
        return org.junit.jupiter.api.Assertions.assertThrows(AudioDecodeException.class, run);
    }
}
