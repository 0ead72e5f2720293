package ser.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.model.Recognizer;
import ser.testing.TestData;

class ScorePipelineTest {
    @TempDir
    static Path modelDir;
    @TempDir
    static Path inputs;
    static List<Path> files = new ArrayList<>();

    @BeforeAll
    static void saveAnUntrainedModelAndMixedInputs() throws IOException {
        TestData.saveUntrainedModel(modelDir, "pipeline-test", 4);
        for (String clip : List.of("03a01Wa.wav", "YAF_back_angry.flac", "03-01-05-01-01-01-01.flac")) {
            files.add(Files.copy(TestData.resource("clips/" + clip), inputs.resolve(clip)));
        }
        files.add(TestData.writeRepeatedSyntheticWav(inputs.resolve("long.wav"), 6));
        files.add(Files.createFile(inputs.resolve("empty.wav")));
        byte[] noise = new byte[4000];
        new Random(2).nextBytes(noise);
        files.add(Files.write(inputs.resolve("random.wav"), noise));
    }

    private static Map<String, ScoreRow> runPipeline(ScoreConfig config) throws Exception {
        Map<String, ScoreRow> rows = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        try (Scorer scorer = new Scorer(modelDir, config); ScorePipeline pipeline = new ScorePipeline(scorer)) {
            // the same files three times over, under different names, so batches mix files
            List<Input> all = new ArrayList<>();
            for (int copy = 0; copy < 3; copy++) {
                for (Path f : files) {
                    Path named = inputs.resolve("copy" + copy).resolve(f.getFileName());
                    Files.createDirectories(named.getParent());
                    if (Files.notExists(named)) {
                        Files.copy(f, named);
                    }
                    all.add(new Input.File(named));
                }
            }
            Collections.shuffle(all, new Random(7));
            pipeline.run(all.stream(), row -> {
                if (rows.put(row.path(), row) != null) {
                    duplicates.incrementAndGet();
                }
            });
        }
        assertEquals(0, duplicates.get(), "one row per input");
        return rows;
    }

    @Test
    void batchedRowsEqualRowsScoredOneFileAtATime() throws Exception {
        Map<String, ScoreRow> expected = new java.util.HashMap<>();
        try (Scorer scorer = new Scorer(modelDir, ScoreConfig.DEFAULT.withThreads(1, 1, 1))) {
            for (Path f : files) {
                expected.put(f.getFileName().toString(), scorer.score(f));
            }
        }
        assertNull(expected.get("long.wav").error());
        assertTrue(expected.get("long.wav").regions().size() >= 6, "a timeline of windows");
        assertTrue(expected.get("empty.wav").error().startsWith("empty file"), expected.get("empty.wav").error());

        for (ScoreConfig config : List.of(ScoreConfig.DEFAULT.withThreads(2, 1, 5), ScoreConfig.DEFAULT.withThreads(1, 1, 32),
                ScoreConfig.DEFAULT.withThreads(1, 3, 3), new ScoreConfig(3.0, 1.5, 2, 2, 4, "auto", 5.0))) {
            Map<String, ScoreRow> rows = runPipeline(config);
            assertEquals(3 * files.size(), rows.size(), "rows for " + config);
            for (ScoreRow row : rows.values()) {
                ScoreRow want = expected.get(Path.of(row.path()).getFileName().toString());
                assertSame(want, row, config);
            }
        }
    }

    @Test
    void aFailingSinkStopsTheRunWithItsErrorInsteadOfHanging() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        List<Input> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new Input.File(files.get(i % 3)));
        }
        try (Scorer scorer = new Scorer(modelDir, ScoreConfig.DEFAULT.withThreads(2, 2, 4));
             ScorePipeline pipeline = new ScorePipeline(scorer)) {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () ->
                    pipeline.run(many.stream().peek(in -> taken.incrementAndGet()), row -> {
                        if (accepted.incrementAndGet() == 3) {
                            throw new IOException("disk full");
                        }
                    }));
            assertEquals("disk full", e.getMessage());
            AtomicInteger afterwards = new AtomicInteger();
            pipeline.run(many.stream().limit(5), row -> afterwards.incrementAndGet());
            assertEquals(5, afterwards.get(), "the next run of the same pipeline starts afresh");
        }
        assertEquals(3, accepted.get(), "nothing reaches the sink after it failed");
        assertTrue(taken.get() < 100, "the run stopped taking inputs after " + taken.get() + " of 200");
    }

    private static void assertSame(ScoreRow want, ScoreRow got, ScoreConfig config) {
        String where = got.path() + " with " + config;
        assertEquals(want.error(), got.error(), where);
        if (want.error() != null) {
            return;
        }
        assertEquals(want.durationS(), got.durationS(), 1e-9, where);
        assertEquals(want.emotion(), got.emotion(), where);
        for (String label : want.scores().keySet()) {
            assertEquals(want.scores().get(label), got.scores().get(label), 1e-4, where + " " + label);
        }
        assertEquals(want.regions().size(), got.regions().size(), where);
        for (int r = 0; r < want.regions().size(); r++) {
            Recognizer.Region a = want.regions().get(r);
            Recognizer.Region b = got.regions().get(r);
            assertEquals(a.startS(), b.startS(), 1e-6, where + " region " + r);
            assertEquals(a.endS(), b.endS(), 1e-6, where + " region " + r);
            assertEquals(a.confidence(), b.confidence(), 1e-4, where + " region " + r);
        }
    }
}
