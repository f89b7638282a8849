/** The picocli commands: they parse options into config records and hand over; they never build models. */
package dev.phasic.cli;
