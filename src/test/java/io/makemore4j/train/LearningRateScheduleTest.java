package io.makemore4j.train;

import io.makemore4j.config.TrainConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningRateScheduleTest {

    @Test
    void stepScheduleDecaysForTheLastQuarterAsTheReference() {
        LearningRateSchedule s = new LearningRateSchedule(TrainConfig.Schedule.STEP, 0.1, 20_000, 0.75, 0.1, 0, 0);
        assertEquals(0.1, s.at(0));
        assertEquals(0.1, s.at(14_999));   // python: i < 0.75 * 20000
        assertEquals(0.1 * 0.1, s.at(15_000), 1e-15);
        assertEquals(0.1 * 0.1, s.at(19_999), 1e-15);
    }

    @Test
    void cosineGoesFromPeakToMinimum() {
        LearningRateSchedule s = new LearningRateSchedule(TrainConfig.Schedule.COSINE, 1e-2, 101, 0.75, 0.1, 1e-4, 0);
        assertEquals(1e-2, s.at(0), 1e-15);
        assertEquals((1e-2 + 1e-4) / 2, s.at(50), 1e-12);
        assertEquals(1e-4, s.at(100), 1e-15);
    }

    @Test
    void warmupRisesLinearlyThenFollowsTheSchedule() {
        LearningRateSchedule s = new LearningRateSchedule(TrainConfig.Schedule.CONSTANT, 0.4, 100, 0.75, 0.1, 0, 4);
        assertEquals(0.1, s.at(0), 1e-15);
        assertEquals(0.4, s.at(3), 1e-15);
        assertEquals(0.4, s.at(50), 1e-15);
    }

    @Test
    void dl4jScheduleAdapterAgreesAndSurvivesJson() throws Exception {
        LearningRateSchedule s = new LearningRateSchedule(TrainConfig.Schedule.STEP, 0.1, 100, 0.75, 0.1, 0, 0);
        ConfigSchedule adapter = new ConfigSchedule(s);
        assertEquals(s.at(80), adapter.valueAt(80, 0));
        var mapper = org.nd4j.serde.json.JsonMappers.getMapper();
        org.nd4j.linalg.schedule.ISchedule back = mapper.readValue(mapper.writeValueAsString(adapter),
                org.nd4j.linalg.schedule.ISchedule.class);
        assertEquals(adapter, back);
    }
}
