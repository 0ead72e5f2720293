package ser.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Classification metrics for emotion recognition. WA (weighted accuracy) is plain accuracy over
 * all clips; UA (unweighted accuracy) is the mean of per-class recalls, so that a rare class counts
 * as much as a common one. Classes absent from the truth are left out of UA and macro F1.
 *
 * @param confusion [truth][predicted] counts
 */
public record Metrics(List<String> labels, int[][] confusion, double wa, double ua, double macroF1,
                      List<PerClass> perClass) {

    /** Precision, recall and F1 of one class; NaN where undefined (nothing predicted, nothing true). */
    public record PerClass(String label, int support, double precision, double recall, double f1) {
    }

    public static Metrics of(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " truths but " + predicted.length + " predictions");
        }
        int k = labels.size();
        int[][] confusion = new int[k][k];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
        }
        int correct = 0;
        double recallSum = 0;
        double f1Sum = 0;
        int present = 0;
        List<PerClass> perClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int support = 0;
            int predictedAs = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            int hit = confusion[c][c];
            correct += hit;
            double precision = predictedAs == 0 ? Double.NaN : hit / (double) predictedAs;
            double recall = support == 0 ? Double.NaN : hit / (double) support;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall)
                    : (support > 0 && predictedAs > 0) ? 0 : Double.NaN;
            if (support > 0) {
                present++;
                recallSum += recall;
                f1Sum += Double.isNaN(f1) ? 0 : f1;
            }
            perClass.add(new PerClass(labels.get(c), support, precision, recall, f1));
        }
        double wa = truth.length == 0 ? Double.NaN : correct / (double) truth.length;
        double ua = present == 0 ? Double.NaN : recallSum / present;
        double macroF1 = present == 0 ? Double.NaN : f1Sum / present;
        return new Metrics(List.copyOf(labels), confusion, wa, ua, macroF1, List.copyOf(perClass));
    }

    public int total() {
        int n = 0;
        for (int[] row : confusion) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }
}
