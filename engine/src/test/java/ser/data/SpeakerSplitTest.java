package ser.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpeakerSplitTest {
    private static List<Clip> corpus(String corpus, int speakers, int clipsEach) {
        List<Clip> clips = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            for (int c = 0; c < clipsEach; c++) {
                clips.add(new Clip(Path.of(corpus + s + "_" + c), corpus, corpus + ":" + s, "angry", "x"));
            }
        }
        return clips;
    }

    @Test
    void cremaDFollowsThePublishedSplit() {
        assertEquals(Part.DEV, SpeakerSplit.publishedCremaDPart(1049));
        assertEquals(Part.TEST, SpeakerSplit.publishedCremaDPart(1091));
        assertEquals(Part.TRAIN, SpeakerSplit.publishedCremaDPart(1001));
        long dev = SpeakerSplit.CREMA_D_PUBLISHED.values().stream().filter(p -> p == Part.DEV).count();
        long test = SpeakerSplit.CREMA_D_PUBLISHED.values().stream().filter(p -> p == Part.TEST).count();
        assertEquals(List.of(56L, 18L, 17L), List.of(91 - dev - test, dev, test));
        var clips = List.of(new Clip(Path.of("1048_DFA_ANG_XX.wav"), "crema-d", "crema-d:1048", "angry", "ANG"));
        assertEquals(Part.TEST, SpeakerSplit.seeded(clips, 0.2, 0.2, 99).partOf("crema-d:1048"));
    }

    @Test
    void seededSplitIsSpeakerDisjointReproducibleAndCoversEveryCorpus() {
        List<Clip> clips = new ArrayList<>(corpus("ravdess", 18, 5));
        clips.addAll(corpus("emo-db", 7, 5));
        clips.addAll(corpus("tess", 1, 5));
        var split = SpeakerSplit.seeded(clips, 0.2, 0.2, 7);
        Map<Part, List<Clip>> parts = split.apply(clips);
        Set<String> seen = new HashSet<>();
        for (Part p : Part.values()) {
            Set<String> speakers = new HashSet<>();
            parts.get(p).forEach(c -> speakers.add(c.speaker()));
            for (String s : speakers) {
                assertTrue(seen.add(s), s + " is in two parts");
            }
        }
        for (String corpus : List.of("ravdess", "emo-db")) {
            for (Part p : Part.values()) {
                assertTrue(parts.get(p).stream().anyMatch(c -> c.corpus().equals(corpus)), corpus + " has no " + p);
            }
        }
        assertTrue(parts.get(Part.TRAIN).stream().anyMatch(c -> c.corpus().equals("tess")), "a lone speaker trains");
        assertEquals(parts, SpeakerSplit.seeded(clips, 0.2, 0.2, 7).apply(clips));
        assertTrue(!parts.equals(SpeakerSplit.seeded(clips, 0.2, 0.2, 8).apply(clips)), "another seed, another split");
        assertTrue(SpeakerSplit.seeded(clips, 0.2, 0.0, 7).apply(clips).get(Part.TEST).isEmpty(), "a zero share holds nobody out");
    }
}
