package ser.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A speaker-independent split: every speaker's clips land in exactly one part.
 * CREMA-D speakers follow the split published with audEERING's conversion of the corpus; other
 * speakers are split per corpus by a seeded shuffle, so each corpus with three or more speakers
 * has at least one speaker in dev and one in test (unless that part's share is zero).
 */
public final class SpeakerSplit {
    /** The published CREMA-D dev and test actors; the other 56 of 1001–1091 are train. */
    static final Map<String, Part> CREMA_D_PUBLISHED = cremaD(
            List.of(1049, 1053, 1054, 1055, 1058, 1059, 1061, 1062, 1063, 1064, 1065, 1066, 1067, 1068, 1070, 1075, 1080, 1085),
            List.of(1048, 1069, 1071, 1074, 1076, 1077, 1078, 1079, 1082, 1083, 1084, 1086, 1087, 1088, 1089, 1090, 1091));

    private final Map<String, Part> parts;

    private SpeakerSplit(Map<String, Part> parts) {
        this.parts = Map.copyOf(parts);
    }

    /** A split from explicit speaker assignments; speakers not listed are train. */
    public static SpeakerSplit of(Map<String, Part> parts) {
        return new SpeakerSplit(parts);
    }

    /** The default split of these clips: published for CREMA-D, seeded per corpus otherwise. */
    public static SpeakerSplit seeded(List<Clip> clips, double devFraction, double testFraction, long seed) {
        if (devFraction < 0 || testFraction < 0 || devFraction + testFraction >= 1) {
            throw new IllegalArgumentException("dev and test fractions must be >= 0 and leave room for train");
        }
        Map<String, TreeSet<String>> speakersByCorpus = new TreeMap<>();
        for (Clip clip : clips) {
            speakersByCorpus.computeIfAbsent(clip.corpus(), k -> new TreeSet<>()).add(clip.speaker());
        }
        Map<String, Part> parts = new HashMap<>();
        Random random = new Random(seed);
        for (var entry : speakersByCorpus.entrySet()) {
            List<String> speakers = new ArrayList<>(entry.getValue());
            if (entry.getKey().equals(CorpusNaming.CREMA_D.corpus())) {
                speakers.forEach(s -> parts.put(s, CREMA_D_PUBLISHED.getOrDefault(s, Part.TRAIN)));
                continue;
            }
            Collections.shuffle(speakers, random);
            int n = speakers.size();
            int dev = held(n, devFraction);
            int test = held(n, testFraction);
            for (int i = 0; i < n; i++) {
                parts.put(speakers.get(i), i < dev ? Part.DEV : i < dev + test ? Part.TEST : Part.TRAIN);
            }
        }
        return new SpeakerSplit(parts);
    }

    /** The part of CREMA-D actor {@code id} in the published split. */
    public static Part publishedCremaDPart(int id) {
        return CREMA_D_PUBLISHED.getOrDefault("crema-d:" + id, Part.TRAIN);
    }

    /** Speakers held out for a part: none for a zero share or fewer than three speakers, else at least one. */
    private static int held(int speakers, double fraction) {
        return fraction > 0 && speakers >= 3 ? Math.max(1, (int) Math.round(speakers * fraction)) : 0;
    }

    public Part partOf(String speaker) {
        return parts.getOrDefault(speaker, Part.TRAIN);
    }

    public Map<Part, List<Clip>> apply(List<Clip> clips) {
        Map<Part, List<Clip>> out = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            out.put(p, new ArrayList<>());
        }
        clips.forEach(c -> out.get(partOf(c.speaker())).add(c));
        return out;
    }

    private static Map<String, Part> cremaD(List<Integer> dev, List<Integer> test) {
        Map<String, Part> map = new HashMap<>();
        IntStream.rangeClosed(1001, 1091).forEach(id -> map.put("crema-d:" + id, Part.TRAIN));
        dev.forEach(id -> map.put("crema-d:" + id, Part.DEV));
        test.forEach(id -> map.put("crema-d:" + id, Part.TEST));
        return Map.copyOf(map);
    }
}
