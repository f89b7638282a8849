/**
 * Experiments that test the paper's arguments directly: the recurrence problem in a
 * population (the paper's §2.2, {@link dev.phasic.experiments.PopulationExperiment}) and
 * its biological predictions (§4): wake/sleep alignment over development, critics as
 * surprise signals, oscillation power, and silencing one phase during learning.
 */
package dev.phasic.experiments;
