package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/embed as a new user runs it: a separate Maven project that depends on the engine artifact,
 * built and run by its run.sh, hearing in a file what ser score hears.
 */
class EmbedExampleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theEmbedExampleBuildsAgainstTheEngineAndRecognizesAsSerScoreDoes(@TempDir Path dir) throws Exception {
        Path clip = ROOT.resolve("examples/03-01-05-02-01-01-03.flac");
        Path output = dir.resolve("out.txt");
        Process run = new ProcessBuilder("bash", ROOT.resolve("examples/embed/run.sh").toString(), clip.toString(),
                ROOT.resolve("examples/missing.wav").toString())
                .redirectOutput(output.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(run.waitFor(15, TimeUnit.MINUTES), "run.sh finished");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, run.exitValue(), err);
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), String.join("\n", lines) + err);

        Path rows = dir.resolve("rows.jsonl");
        CliRun score = CliRun.of("score", "--model", ROOT.resolve("models/default").toString(), "--out", rows.toString(),
                clip.toString());
        assertEquals(ExitCodes.OK, score.exitCode(), score.err());
        JsonNode row = Json.MAPPER.readTree(Files.readAllLines(rows).get(0));
        assertEquals(String.format("%s: %s %.2f (region, %.2f s)", clip, row.get("emotion").asText(),
                row.get("confidence").asDouble(), row.get("duration_s").asDouble()), lines.get(0));
        assertEquals(ROOT.resolve("examples/missing.wav") + ": NOT_FOUND no such file", lines.get(1));
    }
}
