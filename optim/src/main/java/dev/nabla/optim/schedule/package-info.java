/**
 * Learning-rate schedules: each a pure function {@code lr(base, step)}
 * ({@link dev.nabla.optim.schedule.Schedule}) that can be queried or plotted without side
 * effects, applied to an optimizer's groups per step or per epoch by
 * {@link dev.nabla.optim.schedule.LrScheduler}; and
 * {@link dev.nabla.optim.schedule.ReduceLrOnPlateau}, which follows a monitored metric.
 * <pre>{@code
 * var sched = new LrScheduler(opt, new LinearWarmup(500, 0.0, new CosineAnnealing(10_000, 0)),
 *         LrScheduler.Interval.STEP);
 * // after each optimizer step:
 * sched.afterBatch();
 * }</pre>
 */
package dev.nabla.optim.schedule;
