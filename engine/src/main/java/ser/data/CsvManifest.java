package ser.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A corpus described by a CSV file with the header {@code path,label,speaker}; relative paths are
 * resolved against the manifest's folder. The corpus name is the manifest's file name.
 */
public final class CsvManifest {
    private CsvManifest() {
    }

    public static List<Clip> read(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equalsIgnoreCase("path,label,speaker")) {
            throw new IOException(manifest + ": first line must be the header path,label,speaker");
        }
        String corpus = manifest.getFileName().toString().replaceFirst("\\.csv$", "");
        Path base = manifest.toAbsolutePath().getParent();
        List<Clip> clips = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 3 || cells[0].isBlank() || cells[1].isBlank() || cells[2].isBlank()) {
                throw new IOException(manifest + ":" + (i + 1) + ": expected path,label,speaker but got: " + line);
            }
            String label = cells[1].strip().toLowerCase(Locale.ROOT);
            clips.add(new Clip(base.resolve(cells[0].strip()), corpus, corpus + ":" + cells[2].strip(), label, cells[1].strip()));
        }
        return clips;
    }
}
