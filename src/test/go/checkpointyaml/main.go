// Command checkpointyaml is the ground truth for the Winlogbeat checkpoint file: it reads and
// writes the file with Go's gopkg.in/yaml.v2 and the struct of Winlogbeat's checkpoint package.
//
//	checkpointyaml read FILE   prints the file's values as JSON
//	checkpointyaml write FILE  reads JSON (the same shape) and prints yaml.Marshal's bytes
//
// Record numbers travel as strings in the JSON so no uint64 loses precision, and times as
// time.RFC3339Nano text.
package main

import (
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"
	"time"

	"gopkg.in/yaml.v2"
)

// PersistedState and EventLogState are copied from winlogbeat/checkpoint/checkpoint.go.
type PersistedState struct {
	UpdateTime time.Time       `yaml:"update_time"`
	States     []EventLogState `yaml:"event_logs"`
}

type EventLogState struct {
	Name         string    `yaml:"name"`
	RecordNumber uint64    `yaml:"record_number"`
	Timestamp    time.Time `yaml:"timestamp"`
	Bookmark     string    `yaml:"bookmark,omitempty"`
}

type jsonState struct {
	UpdateTime string    `json:"update_time"`
	States     []jsonLog `json:"event_logs"`
}

type jsonLog struct {
	Name         string `json:"name"`
	RecordNumber string `json:"record_number"`
	Timestamp    string `json:"timestamp"`
	Bookmark     string `json:"bookmark"`
}

func main() {
	if len(os.Args) != 3 {
		fail(fmt.Errorf("usage: checkpointyaml read|write FILE"))
	}
	content, err := ioutil.ReadFile(os.Args[2])
	if err != nil {
		fail(err)
	}
	switch os.Args[1] {
	case "read":
		var ps PersistedState
		if err := yaml.Unmarshal(content, &ps); err != nil {
			fail(err)
		}
		out := jsonState{UpdateTime: ps.UpdateTime.Format(time.RFC3339Nano), States: []jsonLog{}}
		for _, s := range ps.States {
			out.States = append(out.States, jsonLog{s.Name, fmt.Sprint(s.RecordNumber),
				s.Timestamp.Format(time.RFC3339Nano), s.Bookmark})
		}
		encoded, err := json.Marshal(out)
		if err != nil {
			fail(err)
		}
		os.Stdout.Write(encoded)
	case "write":
		var in jsonState
		if err := json.Unmarshal(content, &in); err != nil {
			fail(err)
		}
		ps := PersistedState{UpdateTime: parseTime(in.UpdateTime)}
		for _, s := range in.States {
			var n uint64
			if _, err := fmt.Sscan(s.RecordNumber, &n); err != nil {
				fail(err)
			}
			ps.States = append(ps.States, EventLogState{s.Name, n, parseTime(s.Timestamp), s.Bookmark})
		}
		encoded, err := yaml.Marshal(ps)
		if err != nil {
			fail(err)
		}
		os.Stdout.Write(encoded)
	default:
		fail(fmt.Errorf("unknown command %q", os.Args[1]))
	}
}

func parseTime(text string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		fail(err)
	}
	return t
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
