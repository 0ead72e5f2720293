package ser.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.io.JsonFiles;
import ser.model.ModelKind;

/** What --resume accepts: the run's own recipe, also when it was saved before a setting existed. */
class ResumeCheckTest {
    @Test
    void aRunSavedBeforeASettingExistedResumesWithItsDefault(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainerTest.config(ModelKind.CNN_BLSTM, 3, 1);
        var saved = (ObjectNode) JsonFiles.MAPPER.valueToTree(config);
        saved.remove("average_epochs");
        ((ObjectNode) saved.get("augmentation")).remove(List.of("mixup_alpha",
                "channel_probability"));
        JsonFiles.write(dir.resolve("config.json"), Map.of("train", saved));
        JsonFiles.write(dir.resolve("provenance.json"), Map.of("data_manifest_sha256", "abc"));
        TrainingRun.checkResumable(dir, config, "abc"); // the settings it lacks read as their defaults
        var other = TrainConfigs.with(config, Map.of("augmentation", new Augmentation(0.5, 5, 30, List.of(1.0), 0, 0, 0, 0, 0, 0.4)));
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingRun.checkResumable(dir, other, "abc"));
        assertTrue(e.getMessage().contains("augmentation"), e.getMessage());
    }
}
