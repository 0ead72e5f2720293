package ser.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import ser.io.Hashes;

/**
 * The exact split a model was trained with, saved as {@code split.json} beside it: per corpus the
 * speakers of each part, and per part the number of clips and a hash of their content, so that an
 * evaluation later reads the same speakers whatever folders it is given, and can tell whether the
 * clips are the same bytes.
 *
 * @param speakers per corpus, per part, the speakers (sorted)
 * @param clips    per part, how many clips and the SHA-256 of their names, labels and bytes
 */
public record SplitRecord(long seed, double devFraction, double testFraction, Map<String, Map<Part, List<String>>> speakers,
                          Map<Part, Digest> clips) {
    public static final String FILE = "split.json";

    /** A count of clips and the hash of their content. */
    public record Digest(int count, String sha256) {
    }

    public SplitRecord {
        speakers = Collections.unmodifiableMap(new TreeMap<>(speakers)); // sorted, so that split.json reads the same every time
        clips = Collections.unmodifiableMap(new TreeMap<>(clips));
    }

    /** The record of {@code split} over {@code clips}, reading every clip's bytes for the hash. */
    public static SplitRecord of(SpeakerSplit split, List<Clip> clips, long seed, double devFraction, double testFraction)
            throws IOException {
        Map<String, Map<Part, TreeSet<String>>> byCorpus = new TreeMap<>();
        for (Clip c : clips) {
            byCorpus.computeIfAbsent(c.corpus(), k -> new EnumMap<>(Part.class))
                    .computeIfAbsent(split.partOf(c.speaker()), k -> new TreeSet<>()).add(c.speaker());
        }
        Map<String, Map<Part, List<String>>> speakers = new TreeMap<>();
        byCorpus.forEach((corpus, parts) -> {
            Map<Part, List<String>> lists = new EnumMap<>(Part.class);
            parts.forEach((p, s) -> lists.put(p, List.copyOf(s)));
            speakers.put(corpus, lists);
        });
        Map<Part, Digest> digests = new EnumMap<>(Part.class);
        for (var entry : split.apply(clips).entrySet()) {
            digests.put(entry.getKey(), digest(entry.getValue()));
        }
        return new SplitRecord(seed, devFraction, testFraction, speakers, digests);
    }

    /** The recorded part of a speaker; empty for a speaker the model's run never saw. */
    public java.util.Optional<Part> partOf(Clip clip) {
        Map<Part, List<String>> parts = speakers.get(clip.corpus());
        if (parts != null) {
            for (var entry : parts.entrySet()) {
                if (entry.getValue().contains(clip.speaker())) {
                    return java.util.Optional.of(entry.getKey());
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Count and SHA-256 over the clips in name order: each clip's file name, label, speaker and the
     * hash of its bytes. Folder locations do not count, so a copy elsewhere hashes the same.
     */
    public static Digest digest(List<Clip> clips) throws IOException {
        List<Clip> sorted = new ArrayList<>(clips);
        sorted.sort(Comparator.comparing((Clip c) -> c.speaker()).thenComparing(c -> c.path().getFileName().toString()));
        MessageDigest all = Hashes.sha256();
        for (Clip c : sorted) {
            String line = c.path().getFileName() + "," + c.label() + "," + c.speaker() + "," + Hashes.sha256(c.path()) + "\n";
            all.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return new Digest(sorted.size(), Hashes.hex(all));
    }
}
