package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.io.JsonFiles;
import ser.model.Decision;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.testing.TestData;

/** ser bench --quick runs every stage (so the benchmark code cannot rot); it asserts what ran, never how fast. */
class BenchCommandTest {
    @Test
    void quickBenchRunsEveryStageWithOrWithoutTheReferences(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model");
        TestData.saveUntrainedModel(model, "bench-test", 3);
        ModelDescription d = ModelBundle.describe(model); // the decision the Python pipeline implements
        JsonFiles.write(model.resolve(ModelBundle.DESCRIPTION), new ModelDescription(d.id(), d.kind(), d.labels(),
                d.network().withCalibration(Decision.WHOLE_UTTERANCE, 1.3), d.logMel(), d.vad()));
        Path json = dir.resolve("bench.json");
        CliRun run = CliRun.of("bench", "--quick", "--data", dir.resolve("no-data").toString(), "--model", model.toString(), "--threads", "2",
                "--json", json.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("synthetic clips stand in"), run.err());
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        Set<String> stages = new HashSet<>();
        for (JsonNode r : report.get("results")) {
            stages.add(r.get("stage").asText());
            assertTrue(r.get("ours").get("median").asDouble() > 0, r.toString());
            JsonNode reference = r.get("reference");
            assertTrue(!reference.isNull() && reference.get("median").asDouble() > 0
                    || r.get("note").asText().startsWith("reference not installed") || r.get("reference_tool").isNull(), r.toString());
        }
        assertEquals(Set.of("decode", "decode+features", "logmel", "roi", "train", "score"), stages);
        JsonNode python = report.get("results").get(report.get("results").size() - 1);
        assertTrue(python.get("workload").asText().contains("against the Python pipeline"), python.toString());
        assertTrue(python.get("reference").isNull() || python.get("note").asText().startsWith("same emotion for 48 of 48 files"),
                "where PyTorch is installed, its pipeline hears every file as ser does: " + python);
        assertTrue(run.out().contains("| score | 48 files, 1 decoding + 2 inference threads, batch 8"), run.out());
    }
}
