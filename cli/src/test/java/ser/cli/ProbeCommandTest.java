package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

class ProbeCommandTest {
    private static final List<String> FIELDS = List.of("path", "codec", "sample_rate", "channels", "duration_s",
            "speech_start_s", "speech_end_s", "error");

    private static List<JsonNode> rows(CliRun run) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) {
                rows.add(Json.MAPPER.readTree(line));
            }
        }
        return rows;
    }

    @Test
    void formatsFolderGivesElevenCleanRowsWithSpeechOnTheSameSpan() throws IOException {
        CliRun run = CliRun.of("probe", TestData.shared("formats").toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<JsonNode> rows = rows(run);
        assertEquals(11, rows.size());
        for (JsonNode row : rows) {
            FIELDS.forEach(f -> assertTrue(row.has(f), "missing " + f + " in " + row));
            assertTrue(row.get("error").isNull(), row.toString());
            assertEquals(3.537, row.get("duration_s").asDouble(), 0.035, row.toString());
            if (!row.get("path").asText().endsWith("_u8.wav")) { // 8-bit: the take sits at the quantization floor
                assertEquals(0.94, row.get("speech_start_s").asDouble(), 0.05, row.toString());
                assertEquals(2.73, row.get("speech_end_s").asDouble(), 0.06, row.toString());
            }
        }
        assertTrue(run.err().contains("probed 11 files: 11 decoded, 0 failed"), run.err());
    }

    @Test
    void badInputsAreErrorRowsAndTheRunStillSucceeds(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("a_empty.wav"));
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(dir.resolve("b_random.mp3"), noise);
        Files.writeString(dir.resolve("c_text.wav"), "not audio at all\n");
        Files.copy(TestData.resource("clips/03a01Wa.wav"), dir.resolve("d_good.wav"));
        CliRun run = CliRun.of("probe", dir.toString(), dir.resolve("e_missing.flac").toString());
        assertEquals(ExitCodes.OK, run.exitCode());
        List<JsonNode> rows = rows(run);
        assertEquals(5, rows.size());
        assertEquals("empty file (0 bytes)", rows.get(0).get("error").asText());
        assertEquals("not a recognised audio or media format", rows.get(1).get("error").asText());
        assertEquals("not a recognised audio or media format", rows.get(2).get("error").asText());
        assertTrue(rows.get(3).get("error").isNull());
        assertEquals("pcm_s16le", rows.get(3).get("codec").asText());
        assertEquals("no such file", rows.get(4).get("error").asText());
        assertTrue(run.err().contains("probed 5 files: 1 decoded, 4 failed"), run.err());
    }
}
