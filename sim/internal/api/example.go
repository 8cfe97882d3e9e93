package api

import (
	"encoding/json"
	"net/http"
)

// ExampleHeader is set on every response of Examples, to the operation's
// id: a client (or a test) can tell an example from a simulated answer.
const ExampleHeader = "X-Sim-Example"

// ExampleResponse is what Examples answers: a documented response of the
// spec, written as is. It is a response object of every operation.
type ExampleResponse struct {
	// OperationID is the operation whose example this is.
	OperationID string
	// Status is the HTTP status of the documented response.
	Status int
	// Body is the JSON example, copied from the spec's text (numbers keep
	// every digit).
	Body []byte
}

func (r ExampleResponse) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set(ExampleHeader, r.OperationID)
	w.WriteHeader(r.Status)
	_, err := w.Write(r.Body)
	return err
}

// notImplemented is the answer of an operation whose spec documents no
// JSON example: 501 with Bithumb's error envelope.
func notImplemented(operationID string) ExampleResponse {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{
		"name":    "not_implemented",
		"message": "the simulator has no handler for " + operationID + " and the spec documents no example of its answer",
	}})
	return ExampleResponse{OperationID: operationID, Status: http.StatusNotImplemented, Body: body}
}
