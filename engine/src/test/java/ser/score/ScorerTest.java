package ser.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.audio.VadConfig;
import ser.data.LabelSet;
import ser.features.LogMelConfig;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.model.ModelKind;
import ser.testing.TestData;

class ScorerTest {
    @TempDir
    static Path modelDir;

    @BeforeAll
    static void saveAnUntrainedModel() throws IOException {
        TestData.saveUntrainedModel(modelDir, "scorer-test", 2);
    }

    @Test
    void concurrentCallsGiveTheSameRowsAsSequentialOnes() throws Exception {
        List<Path> clips = List.of(TestData.resource("clips/03a01Wa.wav"), TestData.resource("clips/YAF_back_angry.flac"),
                TestData.resource("clips/03-01-05-01-01-01-01.flac"));
        try (Scorer scorer = new Scorer(modelDir, ScoreConfig.DEFAULT)) {
            List<ScoreRow> sequential = clips.stream().map(scorer::score).toList();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<ScoreRow>> futures = clips.stream().map(c -> pool.submit(() -> scorer.score(c))).toList();
                    for (int i = 0; i < clips.size(); i++) {
                        assertEquals(sequential.get(i), futures.get(i).get());
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void longSpeechIsScoredWindowByWindowWithATimeline(@TempDir Path dir) throws IOException {
        Path wav = TestData.writeRepeatedSyntheticWav(dir.resolve("long.wav"), 4);
        try (Scorer scorer = new Scorer(modelDir, ScoreConfig.DEFAULT.withWindow(3.0, 1.5))) {
            ScoreRow row = scorer.score(wav);
            assertEquals(null, row.error());
            assertTrue(row.regions().size() >= 4, "one region per window: " + row.regions());
            for (int i = 1; i < row.regions().size(); i++) {
                assertEquals(1.5, row.regions().get(i).startS() - row.regions().get(i - 1).startS(), 1e-3, "hop");
            }
            double sum = row.scores().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void windowsFollowTheModelsInputUnlessTheyAreGiven(@TempDir Path dir) throws IOException {
        LogMelConfig d = LogMelConfig.DEFAULT;
        TestData.saveUntrainedModel(dir, "two-seconds", 2, new LogMelConfig(d.sampleRate(), d.winLength(), d.hopLength(),
                d.nFft(), d.nMels(), d.fMin(), d.fMax(), d.melScale(), d.logEps(), d.normalization(), 200));
        Path wav = TestData.writeRepeatedSyntheticWav(dir.resolve("long.wav"), 4);
        try (Scorer scorer = new Scorer(dir, ScoreConfig.DEFAULT)) {
            assertEquals(2.0, scorer.config().windowS(), 1e-9);
            assertEquals(1.0, scorer.config().hopS(), 1e-9);
            List<ser.model.Recognizer.Region> regions = scorer.score(wav).regions();
            assertTrue(regions.size() >= 4, "one region per window: " + regions);
            assertEquals(2.0, regions.get(0).endS() - regions.get(0).startS(), 1e-3, "a window of the model's input");
            assertEquals(1.0, regions.get(1).startS() - regions.get(0).startS(), 1e-3, "hop");
        }
        try (Scorer scorer = new Scorer(dir, ScoreConfig.DEFAULT.withWindow(3.0, null))) {
            assertEquals(3.0, scorer.config().windowS(), 1e-9, "a window given stays");
            assertEquals(1.5, scorer.config().hopS(), 1e-9, "half of it");
        }
        try (Scorer scorer = new Scorer(modelDir, ScoreConfig.DEFAULT)) {
            assertEquals(3.0, scorer.config().windowS(), 1e-9, "the default model's 300 frames");
        }
        assertThrows(IllegalArgumentException.class, () -> new Scorer(dir, ScoreConfig.DEFAULT.withWindow(null, 2.5)),
                "a hop longer than the model's 2 s input");
    }

    @Test
    void theSvmBaselineCannotScore(@TempDir Path dir) throws IOException {
        ser.io.JsonFiles.write(dir.resolve(ModelBundle.DESCRIPTION), new ModelDescription("svm", ModelKind.SVM,
                LabelSet.SIX.labels(), null, LogMelConfig.DEFAULT, VadConfig.DEFAULT));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> new Scorer(dir, ScoreConfig.DEFAULT));
        assertTrue(e.getMessage().contains("SVM baseline"), e.getMessage());
    }
}
