/** The training loop and everything it owns: the typed configuration, recipes, the adversarial update steps, schedules, checkpoints, run directories. */
package dev.phasic.training;
