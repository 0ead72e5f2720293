package ser.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

class CorpusNamingTest {
    private static Clip clip(String name) {
        return CorpusNaming.recognise(Path.of("/x", name)).orElseThrow(() -> new AssertionError("not recognised: " + name));
    }

    @Test
    void eachConventionGivesCorpusSpeakerAndLabel() {
        assertEquals(new Clip(Path.of("/x/1001_DFA_ANG_XX.wav"), "crema-d", "crema-d:1001", "angry", "ANG"),
                clip("1001_DFA_ANG_XX.wav"));
        assertEquals(new Clip(Path.of("/x/03-01-05-01-01-01-07.flac"), "ravdess", "ravdess:07", "angry", "05"),
                clip("03-01-05-01-01-01-07.flac"));
        assertEquals(new Clip(Path.of("/x/YAF_back_ps.wav"), "tess", "tess:YAF", "surprise", "ps"), clip("YAF_back_ps.wav"));
        assertEquals(new Clip(Path.of("/x/03a01Wa.wav"), "emo-db", "emo-db:03", "angry", "W"), clip("03a01Wa.wav"));
        assertEquals(new Clip(Path.of("/x/EB0_anger_12.opus"), "nemo", "nemo:EB0", "angry", "anger"), clip("EB0_anger_12.opus"));
        assertEquals(new Clip(Path.of("/x/05Angry/a1-01-02-02-17.opus"), "ased", "ased:17", "angry", "a"),
                clip("05Angry/a1-01-02-02-17.opus"));
    }

    @Test
    void nemoAndAsedLabelsMapToTheSixAndSurpriseIsKeptAside() {
        assertEquals("happy", clip("IC0_happiness_3.opus").label());
        assertEquals("sad", clip("IC0_sadness_3.opus").label());
        assertEquals("surprise", clip("WR0_surprised_64.opus").label());
        assertEquals("neutral", clip("MK0_neutral_1.opus").label());
        assertEquals("fear", clip("02Fearful/f2-03-01-01-40.opus").label());
        assertEquals("sad", clip("04Sad/S4-04-02-01-29.opus").label(), "the capital S of one ASED file");
        assertEquals("happy", clip("03Happy/s1-01-01-01-02.opus").label(), "the ASED folder is the label");
        assertEquals("neutral", clip("n1-01-01-01-01.opus").label(), "outside its folders the letter tells");
        assertEquals("ased:40", clip("02Fearful/f2-03-01-01-40.opus").speaker());
        assertEquals(java.util.Optional.of("ased:sentences-01-02"), CorpusNaming.revealingSubset(clip("04Sad/S4-02-02-01-29.opus")));
        assertTrue(CorpusNaming.revealingSubset(clip("02Fearful/f2-03-01-01-40.opus")).isEmpty(), "sentence 03 is fear's own");
        assertTrue(CorpusNaming.revealingSubset(clip("IC0_sadness_3.opus")).isEmpty());
    }

    @Test
    void everyOriginalLabelMapsWhereTheCorporaSayItShould() {
        assertEquals("calm", clip("03-01-02-01-01-01-01.wav").label());
        assertEquals("fear", clip("03-01-06-01-01-01-01.wav").label());
        assertEquals("disgust", clip("03-01-07-01-01-01-01.wav").label());
        assertEquals("boredom", clip("08b02Lb.wav").label());
        assertEquals("disgust", clip("08b02Eb.wav").label());
        assertEquals("fear", clip("08b02Ab.wav").label());
        assertEquals("happy", clip("08b02Fb.wav").label());
        assertEquals("sad", clip("08b02Tb.wav").label());
        assertEquals("neutral", clip("08b02Nb.wav").label());
        assertEquals("sad", clip("1091_IEO_SAD_HI.wav").label());
        assertEquals("tess:OAF", clip("OA_bite_neutral.wav").speaker(), "the full set's OA typo is OAF");
    }

    @Test
    void namesOutsideEveryConventionAreNotGuessed() {
        for (String name : List.of("03-01-04-01-02-01-11_f32.wav", "recording.wav", "1001_DFA_XXX_XX.wav", "03-01-09-01-01-01-01.wav")) {
            assertTrue(CorpusNaming.recognise(Path.of(name)).isEmpty(), name);
        }
    }

    @Test
    void labelsOutsideTheSetAreDroppedAndCounted() {
        var clips = List.of(clip("03-01-02-01-01-01-01.wav"), clip("03-01-05-01-01-01-01.wav"), clip("YAF_dog_ps.wav"));
        LabelSet.Filtered six = LabelSet.SIX.filter(clips);
        assertEquals(1, six.kept().size());
        assertEquals(Map.of("ravdess:calm", 1, "tess:surprise", 1), six.dropped());
        var own = new LabelSet(List.of("angry", "calm", "surprise"));
        assertEquals(3, own.filter(clips).kept().size());
        assertEquals(0, own.filter(clips).droppedCount());
    }

    @Test
    void csvManifestResolvesPathsAgainstItsFolder(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(dir.resolve("calls.csv"), "path,label,speaker\na/1.wav,Angry,agent7\n\nb.wav,sad,agent9\n");
        List<Clip> clips = CsvManifest.read(manifest);
        assertEquals(List.of(new Clip(dir.resolve("a/1.wav"), "calls", "calls:agent7", "angry", "Angry"),
                new Clip(dir.resolve("b.wav"), "calls", "calls:agent9", "sad", "sad")), clips);
        Path bad = Files.writeString(dir.resolve("bad.csv"), "path,label,speaker\nonly,two\n");
        var e = assertThrows(IOException.class, () -> CsvManifest.read(bad));
        assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
    }

    @Test
    void sharedCorporaAreReadWithTheirLabelsAndSpeakers() throws IOException {
        CorpusScan ravdess = CorpusScan.of(List.of(TestData.shared("ravdess")));
        assertEquals(1080, ravdess.clips().size());
        assertEquals(18, ravdess.clips().stream().map(Clip::speaker).distinct().count());
        assertEquals(Map.of("angry", 144, "calm", 144, "disgust", 144, "fear", 144, "happy", 144, "neutral", 72,
                "sad", 144, "surprise", 144), countBy(ravdess.clips()));
        ravdess.clips().forEach(c -> assertEquals(c.path().getParent().getFileName().toString().substring(6),
                c.speaker().substring("ravdess:".length()), "speaker of " + c.path()));

        CorpusScan tess = CorpusScan.of(List.of(TestData.shared("tess")));
        assertEquals(1400, tess.clips().size());
        assertEquals(Map.of("angry", 200, "disgust", 200, "fear", 200, "happy", 200, "neutral", 200, "sad", 200,
                "surprise", 200), countBy(tess.clips()));

        CorpusScan emodb = CorpusScan.of(List.of(TestData.shared("emodb")));
        assertEquals(339, emodb.clips().size());
        assertEquals(7, emodb.clips().stream().map(Clip::speaker).distinct().count());
        assertTrue(emodb.unrecognised().isEmpty(), "unrecognised: " + emodb.unrecognised());

        var six = LabelSet.SIX.filter(ravdess.clips());
        assertEquals(Map.of("ravdess:calm", 144, "ravdess:surprise", 144), six.dropped());
    }

    @Test
    void sharedNemoAndAsedAreReadWithTheirLabelsAndSpeakers() throws IOException {
        CorpusScan nemo = CorpusScan.of(List.of(TestData.shared("nemo")));
        assertEquals(3402, nemo.clips().size());
        assertEquals(List.of(), nemo.unrecognised(), "the corpus's data.tsv is metadata, not an unrecognised clip");
        assertEquals(7, nemo.clips().stream().map(Clip::speaker).distinct().count());
        assertEquals(Map.of("angry", 569, "fear", 556, "happy", 569, "neutral", 629, "sad", 589, "surprise", 490),
                countBy(nemo.clips()));

        CorpusScan ased = CorpusScan.of(List.of(TestData.shared("ased")));
        assertTrue(ased.unrecognised().isEmpty(), "unrecognised: " + ased.unrecognised());
        assertEquals(1862, ased.clips().size());
        assertEquals(52, ased.clips().stream().map(Clip::speaker).distinct().count());
        Map<String, String> folderLabel = Map.of("01Neutral", "neutral", "02Fearful", "fear", "03Happy", "happy",
                "04Sad", "sad", "05Angry", "angry");
        ased.clips().forEach(c -> assertEquals(folderLabel.get(c.path().getParent().getFileName().toString()), c.label(),
                "label of " + c.path()));
        assertEquals(0, LabelSet.SIX.filter(ased.clips()).droppedCount());
    }

    private static Map<String, Integer> countBy(List<Clip> clips) {
        return new TreeMap<>(clips.stream().collect(Collectors.groupingBy(Clip::label, Collectors.summingInt(c -> 1))));
    }
}
