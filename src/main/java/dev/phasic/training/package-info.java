/** The training loop and everything it owns: configuration, recipes, optimisers, schedules, checkpoints, run directories. */
package dev.phasic.training;
