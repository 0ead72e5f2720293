package ser.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.audio.AudioDecoder;
import ser.synth.SynthConfig;
import ser.synth.SyntheticCorpus;
import ser.testing.TestData;

/** The embedding API: one recognizer, every kind of input, typed failures, safe to share. */
class EmotionRecognizerTest {
    @TempDir
    static Path dir;
    static EmotionRecognizer recognizer;
    static Path clip;

    @BeforeAll
    static void build() throws IOException {
        TestData.saveUntrainedModel(dir.resolve("model"), "untrained", 5);
        recognizer = EmotionRecognizer.builder().model(dir.resolve("model")).device(Device.CPU).threads(2).build();
        var config = new SynthConfig(1, 1, 9);
        clip = dir.resolve("clip.wav");
        SyntheticCorpus.writeWav(SyntheticCorpus.render(config, SyntheticCorpus.plan(config).get(0)), clip);
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    @Test
    void withoutAModelTheBuilderTakesTheOneUnderSerHome(@TempDir Path home) throws IOException {
        String before = System.getProperty("ser.home");
        try {
            TestData.saveUntrainedModel(home.resolve("models/default"), "home-default", 6);
            System.setProperty("ser.home", home.toString());
            try (EmotionRecognizer fromHome = EmotionRecognizer.builder().device(Device.CPU).threads(2).build()) {
                assertTrue(fromHome.modelId().startsWith("home-default@"), fromHome.modelId());
            }
            System.setProperty("ser.home", home.resolve("nowhere").toString());
            var e = assertThrows(IOException.class, () -> EmotionRecognizer.builder().device(Device.CPU).build());
            assertTrue(e.getMessage().contains(home.resolve("nowhere/models/default").toString()), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("ser.home");
            } else {
                System.setProperty("ser.home", before);
            }
        }
    }

    @Test
    void aFileItsBytesAStreamAndItsSamplesGiveOneRecognition() throws IOException {
        var fromFile = assertInstanceOf(Result.Recognized.class, recognizer.recognize(clip));
        assertEquals(clip.toAbsolutePath().normalize().toString(), fromFile.source());
        assertEquals(recognizer.labels(), List.copyOf(fromFile.scores().keySet()), "scores in label order");
        assertEquals(1.0, fromFile.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-3);
        assertEquals(fromFile.scores().get(fromFile.emotion()), fromFile.confidence(), 0);
        assertEquals(Result.Decision.REGION, fromFile.decision());
        assertTrue(fromFile.segments().size() > 1, "the whole utterance and the regions");
        assertTrue(recognizer.modelId().matches("untrained@[0-9a-f]{12}"), recognizer.modelId());

        byte[] bytes = Files.readAllBytes(clip);
        var fromBytes = assertInstanceOf(Result.Recognized.class, recognizer.recognize("call-17", bytes));
        assertEquals("call-17", fromBytes.source());
        var fromStream = assertInstanceOf(Result.Recognized.class, recognizer.recognize("s", new ByteArrayInputStream(bytes)));
        float[] samples = AudioDecoder.decode(clip).samples();
        var fromSamples = assertInstanceOf(Result.Recognized.class, recognizer.recognize("pcm", samples, 16_000));
        for (Result.Recognized other : List.of(fromBytes, fromStream, fromSamples)) {
            assertEquals(fromFile.emotion(), other.emotion());
            assertArrayEquals(fromFile.embedding(), other.embedding(), 1e-3f);
            assertEquals(fromFile.durationS(), other.durationS(), 1e-3);
            for (String label : recognizer.labels()) {
                assertEquals(fromFile.scores().get(label), other.scores().get(label), 2e-4, label);
            }
        }
    }

    @Test
    void theEmbeddingIsTheClassifiersNonNegativeInputAndTellsVoicesApart() throws IOException {
        var first = assertInstanceOf(Result.Recognized.class, recognizer.recognize(clip));
        float[] e = first.embedding();
        assertEquals(recognizer.embeddingSize(), e.length);
        double norm = 0;
        for (float v : e) {
            assertTrue(v >= 0 && Float.isFinite(v), "a ReLU output: " + v);
            norm += v * v;
        }
        assertTrue(norm > 0, "not all zero");
        e[0] = -1;
        assertTrue(first.embedding()[0] >= 0, "the result hands out copies");

        var config = new SynthConfig(1, 1, 9);
        Path other = dir.resolve("other.wav");
        SyntheticCorpus.writeWav(SyntheticCorpus.render(config, SyntheticCorpus.plan(config).get(3)), other);
        var second = assertInstanceOf(Result.Recognized.class, recognizer.recognize(other));
        assertTrue(Arrays.mismatch(first.embedding(), second.embedding()) >= 0, "another utterance, another embedding");
    }

    @Test
    void samplesAtAnotherRateAreResampled() throws IOException {
        float[] at16k = AudioDecoder.decode(clip).samples();
        float[] at8k = new float[at16k.length / 2];
        for (int i = 0; i < at8k.length; i++) {
            at8k[i] = (at16k[2 * i] + at16k[2 * i + 1]) / 2;
        }
        var r = assertInstanceOf(Result.Recognized.class, recognizer.recognize("8k", at8k, 8_000));
        assertEquals(at8k.length / 8_000.0, r.durationS(), 1e-3);
    }

    @Test
    void badInputIsATypedFailureNotAnException() {
        assertFailure(ErrorCode.NOT_FOUND, recognizer.recognize(dir.resolve("missing.wav")), "no such file");
        assertFailure(ErrorCode.NOT_AUDIO, recognizer.recognize("empty", new byte[0]), "empty file");
        assertFailure(ErrorCode.NOT_AUDIO, recognizer.recognize("text", "not audio at all, just words".getBytes()), "");
        assertFailure(ErrorCode.NO_SPEECH, recognizer.recognize("silence", new float[32_000], 16_000), "no speech");
        assertFailure(ErrorCode.INVALID_INPUT, recognizer.recognize("slow", new float[100], 100), "sample rate 100 Hz");
        float[] broken = new float[16_000];
        broken[8_000] = Float.NaN;
        assertFailure(ErrorCode.NOT_AUDIO, recognizer.recognize("nan", broken, 16_000), "non-finite");
    }

    @Test
    void oneRecognizerServesManyThreadsAtOnce() throws Exception {
        var alone = (Result.Recognized) recognizer.recognize(clip);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(pool.submit(() -> recognizer.recognize(clip)));
            }
            for (Future<Result> f : futures) {
                assertEquals(alone, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aMissingModelOrABadSettingFailsTheBuild() {
        var missing = assertThrows(IOException.class, () -> EmotionRecognizer.builder().model(dir.resolve("none")).build());
        assertTrue(missing.getMessage().contains("none"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder().model(dir.resolve("model")).threads(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> EmotionRecognizer.builder().model(dir.resolve("model")).window(1, 2).build());
    }

    private static void assertFailure(ErrorCode code, Result result, String reason) {
        var failed = assertInstanceOf(Result.Failed.class, result);
        assertEquals(code, failed.code(), failed.message());
        assertTrue(failed.message().contains(reason), failed.message());
    }
}
