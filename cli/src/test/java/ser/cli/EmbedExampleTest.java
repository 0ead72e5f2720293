package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
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
        // ser score first: run.sh reinstalls the engine, and this JVM loads no engine class after it
        Path rows = dir.resolve("rows.jsonl");
        CliRun score = CliRun.of("score", "--model", ROOT.resolve("models/default").toString(), "--out", rows.toString(),
                clip.toString());
        assertEquals(ExitCodes.OK, score.exitCode(), score.err());
        JsonNode row = RowSchema.valid(Json.MAPPER.readTree(Files.readAllLines(rows).get(0)));

        Path output = dir.resolve("out.txt");
        Process run = new ProcessBuilder("bash", ROOT.resolve("examples/embed/run.sh").toString(), clip.toString(),
                ROOT.resolve("examples/missing.wav").toString())
                .redirectOutput(output.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(run.waitFor(15, TimeUnit.MINUTES), "run.sh finished");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, run.exitValue(), err);
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), String.join("\n", lines) + err);
        assertEquals(String.format("%s: %s %.2f (region, %.2f s)", clip, row.get("emotion").asText(),
                row.get("confidence").asDouble(), row.get("duration_s").asDouble()), lines.get(0));
        assertEquals(ROOT.resolve("examples/missing.wav") + ": NOT_FOUND no such file", lines.get(1));

        assertOnlyTheApiIsReadable(dir.resolve("probe"), Files.readString(ROOT.resolve("examples/embed/target/classpath.txt")).trim());
    }

    /** An application module on the module path the example ran with compiles against ser.api and not against a stage. */
    private static void assertOnlyTheApiIsReadable(Path dir, String modulePath) throws IOException {
        Files.createDirectories(dir.resolve("probe"));
        Files.writeString(dir.resolve("module-info.java"), "module probe { requires ser.engine; }");
        Path api = dir.resolve("probe/UsesApi.java");
        Files.writeString(api, "package probe; class UsesApi { ser.api.Result result; }");
        Path internal = dir.resolve("probe/UsesScorer.java");
        Files.writeString(internal, "package probe; class UsesScorer { ser.score.Scorer scorer; }");
        assertEquals("", compile(dir, modulePath, api), "ser.api is exported");
        String refused = compile(dir, modulePath, internal);
        assertTrue(refused.contains("package ser.score is declared in module ser.engine, which does not export it"), refused);
    }

    private static String compile(Path dir, String modulePath, Path source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var errors = new ByteArrayOutputStream();
        String out = Files.createDirectories(dir.resolve("out")).toString();
        // the class path is set to nothing but the output: javac would otherwise take this test's, which holds the engine
        int rc = javac.run(null, null, errors, "-d", out, "-cp", out, "-p", modulePath,
                dir.resolve("module-info.java").toString(), source.toString());
        String messages = errors.toString(StandardCharsets.UTF_8);
        return rc == 0 ? "" : messages.isEmpty() ? "javac exited with " + rc : messages;
    }
}
