package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ser train then ser eval from the command line on a small synthetic corpus. */
class TrainEvalCommandTest {
    @Test
    void trainWritesACompleteModelDirectoryThatEvalReads(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        assertEquals(ExitCodes.OK, CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5",
                "--clips-per-emotion", "2", "--seed", "2").exitCode());
        Path model = dir.resolve("model");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--epochs", "2",
                "--batch-size", "8", "--model", "rcnn-blstm", "--device", "cuda");
        assertEquals(ExitCodes.OK, train.exitCode(), train.err());
        assertTrue(train.err().contains("device: CUDA requested, using the CPU ("), "one line, no failure: " + train.err());
        assertTrue(train.err().contains("epoch 2:"), train.err());
        for (String file : new String[] {"weights.pt", "model.json", "config.json", "provenance.json", "metrics.json",
                "curves.png", "confusion.png"}) {
            assertTrue(Files.size(model.resolve(file)) > 0, file);
        }
        JsonNode metrics = Json.MAPPER.readTree(model.resolve("metrics.json").toFile());
        assertEquals(2, metrics.get("history").size());
        assertEquals(12, metrics.get("clips").get("dev").asInt(), "one of five synthetic speakers is dev: 6 emotions x 2");
        JsonNode provenance = Json.MAPPER.readTree(model.resolve("provenance.json").toFile());
        assertEquals(64, provenance.get("data_manifest_sha256").asText().length());

        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", corpus.toString(), "--split", "dev",
                "--json", dir.resolve("eval.json").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.err());
        JsonNode report = Json.MAPPER.readTree(dir.resolve("eval.json").toFile());
        assertEquals(12, report.get("clips").asInt());
        assertEquals(metrics.get("dev").get("ua").asDouble(), report.get("overall").get("ua").asDouble(), 1e-9,
                "eval reproduces the dev figure of the training run");
        assertTrue(Files.size(dir.resolve("eval.png")) > 0);
    }

    @Test
    void svmBaselineTrainsAndEvaluatesThroughTheSameCommands(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "4", "--seed", "3");
        Path model = dir.resolve("svm");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--model", "svm");
        assertEquals(ExitCodes.OK, train.exitCode(), train.err());
        assertTrue(Files.size(model.resolve("svm.model")) > 0);
        JsonNode metrics = Json.MAPPER.readTree(model.resolve("metrics.json").toFile());
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", corpus.toString(), "--split", "dev",
                "--json", dir.resolve("eval.json").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.err());
        JsonNode report = Json.MAPPER.readTree(dir.resolve("eval.json").toFile());
        assertEquals(metrics.get("dev").get("ua").asDouble(), report.get("overall").get("ua").asDouble(), 1e-9);
        assertTrue(report.get("overall").get("ua").asDouble() > 0.3, "the SVM learns the synthetic cues: " + report.get("overall"));

        CliRun loso = CliRun.of("eval", "--model", model.toString(), "--data", corpus.toString(), "--cv", "loso",
                "--json", dir.resolve("loso.json").toString());
        assertEquals(ExitCodes.OK, loso.exitCode(), loso.err());
        JsonNode cv = Json.MAPPER.readTree(dir.resolve("loso.json").toFile());
        assertEquals(5, cv.get("folds").asInt());
        assertEquals(5, cv.get("ua_by_speaker").size());
        int pooled = 0;
        for (JsonNode row : cv.get("pooled").get("confusion")) {
            for (JsonNode cell : row) {
                pooled += cell.asInt();
            }
        }
        assertEquals(5 * 6 * 4, pooled, "every clip is predicted once, by the fold that held its speaker out");
    }

    @Test
    void unknownModelKindIsAUsageError(@TempDir Path dir) {
        CliRun run = CliRun.of("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(), "--model", "gpt");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("use rcnn-blstm, cnn-blstm or svm"), run.err());
    }
}
