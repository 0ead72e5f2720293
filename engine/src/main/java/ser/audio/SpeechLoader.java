package ser.audio;

import java.nio.file.Path;
import java.util.Locale;

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
        if (audio.durationS() * 1000 < vad.frameMs()) {
            throw new AudioDecodeException(name, String.format(Locale.ROOT,
                    "too short: %.3f s is less than one %.0f ms analysis frame", audio.durationS(), vad.frameMs()));
        }
        SpeechSpan span = VoiceActivity.detect(samples, vad)
                .orElseThrow(() -> new AudioDecodeException(name, "no speech: the file is silent"));
        float[] speech = Waveforms.standardize(samples, (int) span.startSample(), (int) span.endSample());
        return new Utterance(name, speech, span, audio.durationS(), audio.source());
    }
}
