package collect

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// plistValue is one value of an XML property list (Apple's
// PropertyList-1.0 DTD): a dict, array, string, integer, real, date, data
// or boolean. Numbers, dates and data are kept as their text.
type plistValue struct {
	Kind  string                // dict, array, string, integer, real, date, data, true, false
	Text  string                // scalars
	Dict  map[string]plistValue // dict
	Keys  []string              // dict keys in order
	Array []plistValue          // array
}

// str returns a dict entry's text, or "".
func (v plistValue) str(key string) string {
	return v.Dict[key].Text
}

// isBinaryPlist reports Apple's binary plist format, which parsePlist does
// not read (the collector converts those with plutil first).
func isBinaryPlist(data []byte) bool { return bytes.HasPrefix(data, []byte("bplist")) }

// parsePlist reads an XML property list.
func parsePlist(data []byte) (plistValue, error) {
	if isBinaryPlist(data) {
		return plistValue{}, errors.New("binary property list; convert it with plutil -convert xml1")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return plistValue{}, errors.New("no <plist> element")
			}
			return plistValue{}, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "plist" {
			v, err := plistNext(dec)
			if err != nil {
				return plistValue{}, err
			}
			if v == nil {
				return plistValue{}, errors.New("empty <plist>")
			}
			return *v, nil
		}
	}
}

// plistNext reads the next value, or nil at the end of its container.
func plistNext(dec *xml.Decoder) (*plistValue, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil, nil
		case xml.StartElement:
			v, err := plistElement(dec, t)
			return &v, err
		}
	}
}

func plistElement(dec *xml.Decoder, se xml.StartElement) (plistValue, error) {
	v := plistValue{Kind: se.Name.Local}
	switch v.Kind {
	case "dict":
		v.Dict = map[string]plistValue{}
		for {
			k, err := plistNext(dec)
			if err != nil {
				return v, err
			}
			if k == nil {
				return v, nil
			}
			if k.Kind != "key" {
				return v, fmt.Errorf("plist: <%s> where a <key> was expected", k.Kind)
			}
			val, err := plistNext(dec)
			if err != nil {
				return v, err
			}
			if val == nil {
				return v, fmt.Errorf("plist: key %q has no value", k.Text)
			}
			if _, dup := v.Dict[k.Text]; !dup {
				v.Keys = append(v.Keys, k.Text)
			}
			v.Dict[k.Text] = *val
		}
	case "array":
		for {
			item, err := plistNext(dec)
			if err != nil {
				return v, err
			}
			if item == nil {
				return v, nil
			}
			v.Array = append(v.Array, *item)
		}
	case "true", "false":
		return v, dec.Skip()
	default: // key, string, integer, real, date, data
		var b strings.Builder
		for {
			tok, err := dec.Token()
			if err != nil {
				return v, err
			}
			switch t := tok.(type) {
			case xml.CharData:
				b.Write(t)
			case xml.EndElement:
				v.Text = b.String()
				if v.Kind != "string" && v.Kind != "key" {
					v.Text = strings.TrimSpace(v.Text)
				}
				return v, nil
			case xml.StartElement:
				return v, fmt.Errorf("plist: <%s> inside <%s>", t.Name.Local, v.Kind)
			}
		}
	}
}
