package ser.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labelled clips under some folders and manifests. Files whose names follow no known
 * convention are counted, not guessed at.
 */
public record CorpusScan(List<Clip> clips, List<Path> unrecognised) {
    private static final Logger LOG = LoggerFactory.getLogger(CorpusScan.class);

    /** Scans folders recursively (in sorted order, so runs are reproducible) and reads {@code .csv} manifests. */
    public static CorpusScan of(List<Path> roots) throws IOException {
        List<Clip> clips = new ArrayList<>();
        List<Path> unrecognised = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root) && root.toString().endsWith(".csv")) {
                clips.addAll(CsvManifest.read(root));
                continue;
            }
            if (!Files.exists(root)) {
                throw new IOException(root + ": no such file or folder");
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).filter(f -> !isMetadata(f)).sorted()::iterator) {
                    CorpusNaming.recognise(file).ifPresentOrElse(clips::add, () -> unrecognised.add(file));
                }
            }
        }
        LOG.info("read {} labelled clips from {}; {}", clips.size(), roots,
                unrecognised.size() == 1 ? "1 file follows no known naming" : unrecognised.size() + " files follow no known naming");
        return new CorpusScan(List.copyOf(clips), List.copyOf(unrecognised));
    }

    /** Files that describe a corpus rather than hold its audio (synth.json, nEMO's data.tsv, READMEs): never clips, never flagged. */
    private static boolean isMetadata(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".tsv") || name.endsWith(".md") || name.endsWith(".txt");
    }
}
