package ser.model;

/**
 * One window of speech as the network takes it, and where it lies in the file. Either its log-Mel
 * matrix, already cropped or padded to the model's fixed number of frames (made on the thread that
 * prepared it), or the standardized speech itself, whose log-Mel the recognizer makes for the whole
 * batch on its device; exactly one of the two is set.
 *
 * @param logMel      fixedFrames × nMels, row-major, or null
 * @param speech      the window's samples, or null
 * @param firstFrame  the first log-Mel frame the model sees (the crop's offset)
 * @param validFrames frames that hold speech; the rest is padding
 * @param originS     file time of the first frame the model sees, in seconds
 * @param speechEndS  file time where the speech of this window ends (regions are clipped to it)
 */
public record ModelInput(float[] logMel, float[] speech, int firstFrame, int validFrames, double originS,
                         double speechEndS) {

    public ModelInput {
        if ((logMel == null) == (speech == null)) {
            throw new IllegalArgumentException("a model input holds either log-Mel frames or speech");
        }
    }

    public boolean deferred() {
        return speech != null;
    }
}
