// Package profile reads the two files a practice writes by hand:
// practice.yaml (who the practice is: country, domains, public addresses,
// PMS, staff, systems, vendors) and answers.yaml (the questionnaire). Both
// are read strictly: an unknown field, a wrong type, a bad date or an
// unknown role fails with the file, the line and what to write instead, and
// nothing is half-read.
//
// Files:
//   - yaml.go: reading a YAML document into nodes, syntax errors with lines
//   - node.go: typed access to nodes (mappings, text, numbers, dates, lists)
//   - practice.go, practice_fields.go: practice.yaml
//   - answers.go, answer_value.go: answers.yaml
//   - ids.go: control id syntax and CheckAnswerIDs against the catalogue
//   - suggest.go: "did you mean" for misspelt field names
//
// It imports audit, the standard library and the YAML library; nothing else.
// The format is documented in docs/practice-format.md.
package profile
