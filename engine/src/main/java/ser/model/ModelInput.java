package ser.model;

/**
 * One window of speech as the network takes it: the log-Mel matrix cropped or padded to the model's
 * fixed number of frames, and where it lies in the file. Computed on any thread; batched later.
 *
 * @param logMel      fixedFrames × nMels, row-major
 * @param validFrames frames that hold speech; the rest is padding
 * @param originS     file time of frame 0, in seconds
 * @param speechEndS  file time where the speech of this window ends (regions are clipped to it)
 */
public record ModelInput(float[] logMel, int validFrames, double originS, double speechEndS) {
}
