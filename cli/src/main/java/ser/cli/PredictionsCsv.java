package ser.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ser.io.AtomicFiles;
import ser.train.EvaluationRun;

/** The per-clip answers of an evaluation as CSV, for error analysis: one row per clip, probabilities to 4 decimals. */
final class PredictionsCsv {
    private PredictionsCsv() {
    }

    static void write(Path file, EvaluationRun.Report report) throws IOException {
        ObjectWriter line = new CsvMapper().writer(CsvSchema.emptySchema());
        List<String> header = new ArrayList<>(List.of("path", "corpus", "speaker", "label", "predicted"));
        report.overall().perClass().forEach(c -> header.add("p_" + c.label()));
        StringBuilder csv = new StringBuilder(line.writeValueAsString(header));
        for (EvaluationRun.Prediction p : report.predictions()) {
            List<String> row = new ArrayList<>(List.of(p.clip().path().toString(), p.clip().corpus(), p.clip().speaker(),
                    p.clip().label(), p.predicted()));
            if (p.probabilities() != null) {
                for (float probability : p.probabilities()) {
                    row.add(Float.isFinite(probability) ? String.format(Locale.ROOT, "%.4f", probability) : ""); // no NaN text
                }
            }
            csv.append(line.writeValueAsString(row));
        }
        AtomicFiles.write(file, out -> out.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
