package ser.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ser.io.AtomicFiles;
import ser.io.JsonFiles;
import ser.io.Numbers;

/**
 * The output of {@code ser score}: one line per file, appended and flushed as each completes, so
 * a killed run loses at most the line being written. A results file has one identity, saved beside
 * it in {@code FILE.config.json}: the model (by a hash of its weights), labels, window, hop,
 * decision rule and temperature. {@link #open} with resume refuses another identity, drops a
 * partial last line and reports which files are already done; with retry, error rows are taken
 * out first (the file is rewritten atomically) so their files are scored again and every file ends
 * with one row. An exclusive lock on {@code FILE.lock} makes a second writer fail at once. Existing
 * results are never overwritten without resume; a CSV file is created with its header atomically.
 */
public final class ResultsFile implements AutoCloseable {
    /**
     * JSON lines, or CSV with the same fields flattened: path, duration_s, emotion, confidence, score_LABEL per
     * class, regions (as JSON), decision, model, schema, error.
     */
    public enum Format { JSONL, CSV }

    /** What rows of one results file must share. */
    public record Identity(String model, String modelSha256, List<String> labels, double windowS, double hopS,
                           String decision, double temperature, Format format) {
        public Identity {
            labels = List.copyOf(labels);
        }
    }

    /** The results file cannot be used as asked; {@code usage} tells a refusal to mix from a failure to write. */
    public static final class Refused extends IOException {
        private final boolean usage;

        Refused(String message, boolean usage) {
            super(message);
            this.usage = usage;
        }

        /** True when the request conflicts with the file (another model, a second writer); false when writing failed. */
        public boolean usage() {
            return usage;
        }
    }

    private static final int SYNC_EVERY = 200;

    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final java.io.PrintWriter stream;
    private final Format format;
    private final List<String> labels;
    private final ObjectWriter csv;
    private int unsynced;

    private ResultsFile(FileChannel channel, FileChannel lockChannel, FileLock lock, java.io.PrintWriter stream, Format format,
                        List<String> labels) {
        this.channel = channel;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.stream = stream;
        this.format = format;
        this.labels = List.copyOf(labels);
        this.csv = new CsvMapper().writer(schema(labels).withoutHeader());
    }

    /** Rows written to a stream ({@code --out -}): no sidecar, no lock, no resume; a CSV starts with its header. */
    public static ResultsFile streaming(java.io.PrintWriter out, Format format, List<String> labels) throws IOException {
        ResultsFile file = new ResultsFile(null, null, null, out, format, labels);
        if (format == Format.CSV) {
            file.write(header(labels));
        }
        return file;
    }

    /**
     * What an opened file already holds.
     *
     * @param done    files that have their final row
     * @param retried error rows taken out to be scored again
     */
    public record Opened(ResultsFile file, Set<String> done, int retried) {
    }

    /** The sidecar beside a results file. */
    public static Path sidecar(Path out) {
        return out.resolveSibling(out.getFileName() + ".config.json");
    }

    private static Path lockFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".lock");
    }

    /**
     * @param extras what else the sidecar records (the configuration, inputs, shard); identity is added to it
     */
    public static Opened open(Path out, Identity identity, Map<String, Object> extras, boolean resume, boolean retryErrors)
            throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        FileChannel lockChannel = FileChannel.open(lockFile(out), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new Refused(out + " is being written by another ser score (it holds " + out.getFileName() + ".lock)", false);
        }
        try {
            return openLocked(out, identity, extras, resume, retryErrors, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static Opened openLocked(Path out, Identity identity, Map<String, Object> extras, boolean resume,
                                     boolean retryErrors, FileChannel lockChannel, FileLock lock) throws IOException {
        boolean exists = Files.exists(out) && Files.size(out) > 0;
        if (exists && !resume) {
            throw new Refused(out + " already holds results: pass --resume to continue it, or choose another --out", false);
        }
        if (exists) {
            checkIdentity(out, identity);
        }
        Set<String> done = new HashSet<>();
        int retried = 0;
        if (exists) {
            List<Row> rows = recover(out, identity.format());
            if (retryErrors && rows.stream().anyMatch(Row::failed)) {
                retried = rewriteWithout(out, rows);
            }
            rows.stream().filter(r -> r.path() != null && !(retryErrors && r.failed())).forEach(r -> done.add(r.path()));
        }
        if (identity.format() == Format.CSV && (!Files.exists(out) || Files.size(out) == 0)) {
            byte[] header = header(identity.labels()).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(out, o -> o.write(header));
        }
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("identity", identity);
        sidecar.putAll(extras);
        JsonFiles.write(sidecar(out), sidecar);
        FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new Opened(new ResultsFile(channel, lockChannel, lock, null, identity.format(), identity.labels()), done, retried);
    }

    /** Refuses to append rows of another model, labels, window, hop, decision or format to these results. */
    private static void checkIdentity(Path out, Identity identity) throws IOException {
        Path sidecar = sidecar(out);
        if (!Files.isRegularFile(sidecar)) {
            throw new Refused(out + " has no " + sidecar.getFileName() + ", so the model that wrote it is unknown: "
                    + "score into another --out", true);
        }
        List<String> differences = JsonFiles.differences(JsonFiles.MAPPER.readTree(sidecar.toFile()).path("identity"),
                JsonFiles.MAPPER.valueToTree(identity), Set.of("model"));
        if (!differences.isEmpty()) {
            throw new Refused("--resume would mix results: " + out + " was written with " + String.join("; ", differences), true);
        }
    }

    /** One complete line as read back: its key (null for the CSV header), whether it is an error row, and its text. */
    private record Row(String path, boolean failed, String line) {
    }

    /**
     * The complete lines, after which a partial last line is cut off; a file that is not results of this
     * format is refused untouched.
     */
    private static List<Row> recover(Path out, Format format) throws IOException {
        byte[] bytes = Files.readAllBytes(out);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        List<Row> rows;
        try {
            rows = rows(new String(bytes, 0, end, StandardCharsets.UTF_8), format);
        } catch (IOException | RuntimeException e) { // Jackson's CSV iterator throws unchecked
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new Refused("--resume cannot read " + out + " as " + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " results (" + reason + "); score into another --out", true);
        }
        if (end < bytes.length) {
            try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "rw")) {
                raf.setLength(end);
            }
        }
        return rows;
    }

    private static List<Row> rows(String text, Format format) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (format == Format.JSONL) {
            for (String line : text.lines().toList()) {
                JsonNode row = JsonFiles.MAPPER.readTree(line);
                if (row == null || !row.isObject() || !row.path("path").isTextual()) {
                    throw new IOException("a line that is not a row: " + (line.length() > 60 ? line.substring(0, 60) + "…" : line));
                }
                rows.add(new Row(row.get("path").asText(), !row.path("error").isNull() && !row.path("error").isMissingNode(),
                        line));
            }
            return rows;
        }
        ObjectWriter line = new CsvMapper().writer(CsvSchema.emptySchema());
        try (MappingIterator<List<String>> cells = new CsvMapper().readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(text)) {
            boolean header = true;
            while (cells.hasNext()) {
                List<String> row = cells.next();
                String error = row.get(row.size() - 1);
                rows.add(new Row(header ? null : row.get(0), !header && error != null && !error.isEmpty(),
                        line.writeValueAsString(row).stripTrailing()));
                header = false;
            }
        }
        return rows;
    }

    /** Rewrites the results without their error rows, atomically; returns how many were taken out. */
    private static int rewriteWithout(Path out, List<Row> rows) throws IOException {
        StringBuilder kept = new StringBuilder();
        rows.stream().filter(r -> !r.failed()).forEach(r -> kept.append(r.line()).append('\n'));
        AtomicFiles.write(out, o -> o.write(kept.toString().getBytes(StandardCharsets.UTF_8)));
        return (int) rows.stream().filter(Row::failed).count();
    }

    public synchronized void append(ScoreRow row) throws IOException {
        write(format == Format.JSONL ? JsonFiles.MAPPER.writeValueAsString(row) + "\n" : csvLine(row));
        if (channel != null && ++unsynced >= SYNC_EVERY) {
            channel.force(false);
            unsynced = 0;
        }
    }

    private String csvLine(ScoreRow row) throws IOException {
        List<Object> cells = new ArrayList<>();
        cells.add(row.path());
        cells.add(number(row.durationS()));
        cells.add(row.emotion());
        cells.add(number(row.confidence()));
        for (String label : labels) {
            cells.add(row.scores() == null ? null : number(row.scores().get(label)));
        }
        cells.add(row.regions() == null ? null : JsonFiles.MAPPER.writeValueAsString(row.regions()));
        cells.add(row.decision());
        cells.add(row.model());
        cells.add(row.schema());
        cells.add(row.error());
        return csv.writeValueAsString(cells);
    }

    private static String number(Double value) {
        return value == null ? null : Numbers.plain(value);
    }

    private static String header(List<String> labels) {
        return String.join(",", schema(labels).getColumnNames()) + "\n";
    }

    private static CsvSchema schema(List<String> labels) {
        CsvSchema.Builder b = CsvSchema.builder().addColumn("path").addColumn("duration_s").addColumn("emotion")
                .addColumn("confidence");
        labels.forEach(l -> b.addColumn("score_" + l));
        return b.addColumn("regions").addColumn("decision").addColumn("model").addColumn("schema").addColumn("error").build();
    }

    private void write(String text) throws IOException {
        if (stream != null) {
            stream.print(text);
            if (stream.checkError()) { // flushes; true once the reader has gone
                throw new IOException("the output was closed");
            }
            return;
        }
        var buffer = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (stream != null) {
            stream.flush();
            return;
        }
        try {
            if (channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
        } finally {
            if (lockChannel.isOpen()) {
                // the empty lock file stays: removed, a run opening it just before could lock the removed file while
                // a third created and locked a new one, and both would write
                lock.release();
                lockChannel.close();
            }
        }
    }
}
