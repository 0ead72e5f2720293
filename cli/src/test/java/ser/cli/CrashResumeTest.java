package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

/**
 * ser score killed with SIGKILL at random points over a few hundred files in a folder, a zip and a
 * tar, resumed after each kill: in the end no file is lost, none has two rows, and every row equals
 * the one an uninterrupted run writes.
 */
class CrashResumeTest {
    private static final List<String> CLIPS = List.of("03a01Wa.wav", "YAF_back_angry.flac", "03-01-05-01-01-01-01.flac");

    private static byte[] clip(int i) throws IOException {
        return i % 11 == 0 ? "not audio".getBytes(StandardCharsets.US_ASCII)
                : Files.readAllBytes(TestData.resource("clips/" + CLIPS.get(i % CLIPS.size())));
    }

    private static List<String> inputs(Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("calls"));
        for (int i = 0; i < 150; i++) {
            Files.write(folder.resolve(String.format("c%03d.wav", i)), clip(i));
        }
        Path zip = dir.resolve("more.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 60; i++) {
                out.putNextEntry(new java.util.zip.ZipEntry(String.format("z/%03d.wav", i)));
                out.write(clip(i + 1));
                out.closeEntry();
            }
        }
        Path tar = dir.resolve("more.tar");
        try (var out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            for (int i = 0; i < 40; i++) {
                byte[] bytes = clip(i + 2);
                var entry = new TarArchiveEntry(String.format("t/%03d.wav", i));
                entry.setSize(bytes.length);
                out.putArchiveEntry(entry);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        return List.of(folder.toString(), zip.toString(), tar.toString());
    }

    private static Process score(Path model, Path out, List<String> inputs, boolean resume, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("score", "--model", model.toString(), "--out", out.toString(), "--workers", "1"));
        if (resume) {
            args.add("--resume");
        }
        args.addAll(inputs);
        return CliRun.process(null, log, args);
    }

    private static Map<String, JsonNode> rows(Path results) throws IOException {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            JsonNode row = RowSchema.valid(Json.MAPPER.readTree(line));
            assertEquals(null, rows.put(row.get("path").asText(), row), "two rows for " + row.get("path"));
        }
        return rows;
    }

    private static void assertSameRow(JsonNode want, JsonNode got) {
        assertEquals(want.get("emotion"), got.get("emotion"), got.get("path").asText());
        assertEquals(want.get("error"), got.get("error"), got.get("path").asText());
        Iterator<Map.Entry<String, JsonNode>> scores = want.path("scores").fields();
        while (scores.hasNext()) {
            var s = scores.next();
            assertEquals(s.getValue().asDouble(), got.get("scores").get(s.getKey()).asDouble(), 1e-5, got.get("path").asText());
        }
    }

    @Test
    void killedAtRandomPointsAndResumedEndsWithTheRowsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        TestData.saveUntrainedModel(model, "untrained", 4);
        List<String> inputs = inputs(dir);
        int total = 150 + 60 + 40;

        Path straight = dir.resolve("straight.jsonl");
        assertEquals(ExitCodes.OK, score(model, straight, inputs, false, dir.resolve("straight.log")).waitFor());
        Map<String, JsonNode> want = rows(straight);
        assertEquals(total, want.size());

        Path out = dir.resolve("killed.jsonl");
        Random random = new Random(12);
        int kills = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            int done = Files.exists(out) ? Files.readAllLines(out).size() : 0;
            int killAt = done + 10 + random.nextInt(Math.max(1, (total - done) / 2));
            Process p = score(model, out, inputs, attempt > 0, dir.resolve("run" + attempt + ".log"));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (p.isAlive() && System.nanoTime() < deadline && (!Files.exists(out) || Files.readAllLines(out).size() < killAt)) {
                Thread.sleep(10);
            }
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no flush, maybe half a line
                kills++;
            }
        }
        assertTrue(kills >= 2, "the runs were killed mid-way " + kills + " times");
        Process last = score(model, out, inputs, true, dir.resolve("last.log"));
        assertEquals(ExitCodes.OK, last.waitFor(), Files.readString(dir.resolve("last.log")));
        Map<String, JsonNode> got = rows(out);
        assertEquals(want.keySet(), got.keySet(), "no file lost, none added");
        want.forEach((path, row) -> assertSameRow(row, got.get(path)));
    }
}
