package ser.audio;

import java.nio.file.Path;

/** Decode → trim silence → standardize: where a file becomes the samples the features see. */
public final class SpeechLoader {
    private final VadConfig vad;

    public SpeechLoader(VadConfig vad) {
        this.vad = vad;
    }

    public Utterance load(Path file) throws AudioDecodeException {
        return prepare(file.toString(), AudioDecoder.decode(file));
    }

    /** The same for bytes held in memory, such as an archive member. */
    public Utterance load(String name, byte[] data) throws AudioDecodeException {
        return prepare(name, AudioDecoder.decode(name, data));
    }

    private Utterance prepare(String name, DecodedAudio audio) throws AudioDecodeException {
        float[] samples = audio.samples();
        var activity = new VoiceActivity(vad);
        activity.accept(samples, samples.length);
        SpeechSpan span = activity.requireSpeech(name);
        float[] speech = Waveforms.standardize(samples, (int) span.startSample(), (int) span.endSample());
        return new Utterance(name, speech, span, audio.durationS(), audio.source());
    }
}
