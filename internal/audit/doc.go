// Package audit is Triage's vocabulary: the practice profile, the control
// catalogue's shape, questionnaire answers, evidence facts and the audit
// result. Every other package imports it; it imports only the standard
// library, so the words mean the same thing everywhere.
package audit
