/** Small experiments that test the paper's arguments directly, such as the recurrence problem in a population (the paper's §2.2). */
package dev.phasic.experiments;
