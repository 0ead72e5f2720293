package ser.score;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ser.io.JsonFiles;

/**
 * The output of {@code ser score}: one line per file, appended and flushed as each completes, so
 * a killed run loses at most the line being written. {@link #open} with resume drops such a
 * partial last line and reports which files are already done. Existing results are never
 * overwritten without resume.
 */
public final class ResultsFile implements AutoCloseable {
    /** JSON lines, or CSV with the same fields flattened (scores as one column per class, regions as JSON). */
    public enum Format { JSONL, CSV }

    private static final int SYNC_EVERY = 200;

    private final FileChannel channel;
    private final Format format;
    private final List<String> labels;
    private final ObjectWriter csv;
    private int unsynced;

    private ResultsFile(FileChannel channel, Format format, List<String> labels) {
        this.channel = channel;
        this.format = format;
        this.labels = List.copyOf(labels);
        this.csv = new CsvMapper().writer(schema(labels).withoutHeader());
    }

    /** What an opened file already holds. */
    public record Opened(ResultsFile file, Set<String> done) {
    }

    public static Opened open(Path out, Format format, List<String> labels, boolean resume) throws IOException {
        boolean exists = Files.exists(out) && Files.size(out) > 0;
        if (exists && !resume) {
            throw new IOException(out + " already holds results: pass --resume to continue it, or choose another --out");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Set<String> done = exists ? recover(out, format) : new HashSet<>();
        FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        ResultsFile file = new ResultsFile(channel, format, labels);
        if (!exists && format == Format.CSV) {
            file.write(String.join(",", schema(labels).getColumnNames()) + "\n");
        }
        return new Opened(file, done);
    }

    /** Truncates a partial last line and returns the paths of the complete rows. */
    private static Set<String> recover(Path out, Format format) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "rw")) {
            long end = raf.length();
            while (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') {
                    break;
                }
                end--;
            }
            raf.setLength(end);
        }
        Set<String> done = new HashSet<>();
        if (format == Format.JSONL) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                done.add(JsonFiles.MAPPER.readTree(line).path("path").asText());
            }
        } else {
            try (MappingIterator<List<String>> rows = new CsvMapper().readerForListOf(String.class)
                    .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(out.toFile())) {
                boolean header = true;
                while (rows.hasNext()) {
                    List<String> row = rows.next();
                    if (!header) {
                        done.add(row.get(0));
                    }
                    header = false;
                }
            }
        }
        return done;
    }

    public synchronized void append(ScoreRow row) throws IOException {
        write(format == Format.JSONL ? JsonFiles.MAPPER.writeValueAsString(row) + "\n" : csvLine(row));
        if (++unsynced >= SYNC_EVERY) {
            channel.force(false);
            unsynced = 0;
        }
    }

    private String csvLine(ScoreRow row) throws IOException {
        List<Object> cells = new ArrayList<>();
        cells.add(row.path());
        cells.add(row.durationS());
        cells.add(row.emotion());
        cells.add(row.confidence());
        for (String label : labels) {
            cells.add(row.scores() == null ? null : row.scores().get(label));
        }
        cells.add(row.regions() == null ? null : JsonFiles.MAPPER.writeValueAsString(row.regions()));
        cells.add(row.model());
        cells.add(row.error());
        return csv.writeValueAsString(cells);
    }

    private static CsvSchema schema(List<String> labels) {
        CsvSchema.Builder b = CsvSchema.builder().addColumn("path").addColumn("duration_s").addColumn("emotion")
                .addColumn("confidence");
        labels.forEach(l -> b.addColumn("score_" + l));
        return b.addColumn("regions").addColumn("model").addColumn("error").build();
    }

    private void write(String text) throws IOException {
        var buffer = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }
}
