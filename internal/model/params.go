// Package model is the alignment-race model: one world's parameters, its
// dynamics from the start year to the horizon, and its outcome.
//
// The model is a pure function of its parameters, which include the uniform
// draws that decide its chance events. It does no I/O and keeps no state, so
// the engine can run it on many goroutines and replay any world exactly.
// MODEL.md gives every equation; the names here follow it.
package model

import (
	"math"
	"strings"
)

// MaxMilestones bounds the milestones a scenario may name besides "done",
// so that an Outcome is a fixed-size value and a world allocates nothing.
const MaxMilestones = 8

// Deadline says which arrival a milestone must beat.
type Deadline uint8

const (
	AtASI Deadline = iota // superintelligence (the default)
	AtAGI                 // general intelligence
)

func (d Deadline) String() string {
	if d == AtAGI {
		return "agi"
	}
	return "asi"
}

// Milestone is a user-named point on the road to safe_to_help: reached when
// the work on that road first reaches Fraction of it (MODEL.md §4).
type Milestone struct {
	Name     string
	Fraction float64  // of the main work R_main, in (0, 1]
	Deadline Deadline // which arrival it must beat
}

// Params are the inputs of one world. Fields are named as in MODEL.md;
// the dotted path of each is in Fields.
type Params struct {
	Start   float64 // start: first simulated year
	Horizon float64 // horizon: last year reported; later completion is "never"
	Step    float64 // sim.step: 0 for the exact engine, else years between knots of the reference integrator

	FTE        float64 // field.fte: research FTEs at the start
	Growth     float64 // field.growth: yearly growth of FTEs (0.2 = 20%)
	Cap        float64 // field.cap: talent-pool ceiling (+Inf for none)
	LeverStart float64 // lever.start: year the fieldbuilding lever begins (+Inf: never)
	LeverGrow  float64 // lever.growth: yearly growth once the lever is in force
	LeverRamp  float64 // lever.ramp: years over which growth moves to lever.growth

	Lambda float64 // research.lambda: returns to headcount, in (0, 1]
	RefFTE float64 // research.reference_fte: field size where input = headcount; 0: N0

	EffortSoFar float64 // difficulty.effort_so_far: E0, person-years spent (see DeriveE0)
	DeriveE0    bool    // E0 is unset: derive it from the field's history (MODEL.md §2)
	PastGrowth  float64 // field.past_growth: yearly growth of the field before the start
	DoneSoFar   float64 // difficulty.done_so_far: f0, fraction done (R = E0/f0 x error)
	Error       float64 // difficulty.error: factor on E0/f0, his error bars
	Total       float64 // difficulty.total: R in person-years; 0 means use f0; +Inf: impossible

	NoTakeover  float64 // thresholds.no_takeover: share of the main work that (1) needs
	PowerWork   float64 // thresholds.power_work: share of R that (2)'s technical path needs
	PowerEffort float64 // thresholds.power_effort: share of effort spent on (2) while it is open
	Governance  float64 // thresholds.governance: year a legal or social answer to (2) comes (+Inf: never)

	AINow      float64 // ai.multiplier_now: m at the start
	AIAtAGI    float64 // ai.multiplier_agi: m when AGI arrives
	AIGrowth   float64 // ai.growth_after_agi: yearly growth of m after AGI
	AIMax      float64 // ai.multiplier_max: ceiling on m
	Trust      float64 // ai.trust: share of AI help that caution lets in, [0, 1]
	Sabotage   float64 // ai.sabotage_probability: chance a world has sabotage
	Waste      float64 // ai.sabotage_waste: share of AI help wasted where it has
	False      float64 // ai.sabotage_false: share of AI help counted as done but not done, where it has
	AfterASI   float64 // ai.trust_after_asi: share of trust left after ASI, before safe_to_help
	Handover   float64 // ai.handover: multiplier on the rate once safe_to_help is reached
	AGI        float64 // timelines.agi: year of AGI, before any pause
	Takeoff    float64 // timelines.takeoff: years from AGI to ASI
	DeadlineAt Deadline

	PauseProb  float64 // pause.probability
	PauseStart float64 // pause.start: year the lever pause begins (if not at AGI)
	PauseAtAGI bool    // pause.at_agi: the pause begins when AGI arrives
	PauseYears float64 // pause.years: how long capabilities stop

	WarnRate      float64 // brakes.warning_rate: near misses per year at ASI
	WarnScale     float64 // brakes.warning_scale: e-folding years of the hazard
	WarnPauseProb float64 // brakes.pause_probability: chance a near miss brings a pause
	WarnPause     float64 // brakes.pause_years: how long that pause lasts

	// Chance draws, each uniform on (0, 1), that settle the world's events.
	UPause, USabotage, UWarn, UWarnPause float64

	FTEYearCost float64 // costs.fte_year: dollars per FTE-year, for costing levers

	Milestones []Milestone // shared and read-only; the thresholds are built in
}

// Field is one parameter's dotted path and what it means. Fixed fields take
// a number only; the others take a number or a distribution.
type Field struct {
	Path    string
	Unit    string
	Meaning string
	Lo, Hi  float64 // natural range; distributions are truncated to it
	Fixed   bool
	Get     func(*Params) float64
	Set     func(*Params, float64)
}

// Percent says whether people read and write the parameter as a
// percentage: a yearly growth rate, a fraction or a probability, which
// they type as one (field.growth: 28.9%). brakes.warning_rate is per year
// too, but a hazard, not a growth.
func (f *Field) Percent() bool {
	switch f.Unit {
	case "fraction", "probability":
		return true
	case "per year":
		return strings.Contains(f.Path, "growth")
	}
	return false
}

var inf = math.Inf(1)

// above is the smallest float64 above x, for open low ends of natural ranges.
func above(x float64) float64 { return math.Nextafter(x, inf) }

// Fields lists every parameter in a fixed order. The order is part of the
// engine's contract: parameter i draws the i-th uniform of each world, so
// adding a field goes at the end.
var Fields = []Field{
	{"start", "year", "first simulated year; effort so far is counted up to here", 1900, 2500, true,
		func(p *Params) float64 { return p.Start }, func(p *Params, v float64) { p.Start = v }},
	{"horizon", "year", "last year reported; work done later counts as never", 1900, 3000, true,
		func(p *Params) float64 { return p.Horizon }, func(p *Params, v float64) { p.Horizon = v }},
	{"sim.step", "years", "0: the exact engine; else the spacing of the knots of the reference integrator, between which the rate is taken as exponential", 0, 5, true,
		func(p *Params) float64 { return p.Step }, func(p *Params, v float64) { p.Step = v }},
	{"field.fte", "FTE", "alignment research full-time equivalents at the start", 0, 1e9, false,
		func(p *Params) float64 { return p.FTE }, func(p *Params, v float64) { p.FTE = v }},
	{"field.growth", "per year", "yearly growth of the field (0.2 = 20%); above -100%", above(-1), 10, false,
		func(p *Params) float64 { return p.Growth }, func(p *Params, v float64) { p.Growth = v }},
	{"field.cap", "FTE", "talent-pool ceiling: growth is logistic toward it (inf: none)", 1, inf, false,
		func(p *Params) float64 { return p.Cap }, func(p *Params, v float64) { p.Cap = v }},
	{"lever.start", "year", "year the fieldbuilding lever starts (inf: never)", 1900, inf, false,
		func(p *Params) float64 { return p.LeverStart }, func(p *Params, v float64) { p.LeverStart = v }},
	{"lever.growth", "per year", "yearly growth of the field once the lever is in force", above(-1), 10, false,
		func(p *Params) float64 { return p.LeverGrow }, func(p *Params, v float64) { p.LeverGrow = v }},
	{"lever.ramp", "years", "years over which growth moves from field.growth to lever.growth", 0, 100, false,
		func(p *Params) float64 { return p.LeverRamp }, func(p *Params, v float64) { p.LeverRamp = v }},
	{"research.lambda", "", "returns to headcount: research input is N^lambda (1: researchers stack; 0.5: 4x people give 2x)", 1e-6, 1, false,
		func(p *Params) float64 { return p.Lambda }, func(p *Params, v float64) { p.Lambda = v }},
	{"difficulty.effort_so_far", "person-years", "E0: research effort spent before the start, in the model's units (unset: derived from field.fte, field.past_growth and lambda)", 0, 1e12, false,
		func(p *Params) float64 { return p.EffortSoFar }, func(p *Params, v float64) { p.EffortSoFar = v }},
	{"difficulty.done_so_far", "fraction", "f0: his estimate of the fraction done at the start; R = error x E0 / f0 (unless difficulty.total is set)", 1e-9, 1, false,
		func(p *Params) float64 { return p.DoneSoFar }, func(p *Params, v float64) { p.DoneSoFar = v }},
	{"difficulty.total", "person-years", "R: total effort needed (inf: impossible); when set it replaces done_so_far", 1, inf, false,
		func(p *Params) float64 { return p.Total }, func(p *Params, v float64) { p.Total = v }},
	{"ai.multiplier_now", "x", "AI productivity multiplier m at the start", 1, 1e6, false,
		func(p *Params) float64 { return p.AINow }, func(p *Params, v float64) { p.AINow = v }},
	{"ai.multiplier_agi", "x", "AI productivity multiplier m when AGI arrives (log-linear in between); held there until safe_to_help", 1, 1e6, false,
		func(p *Params) float64 { return p.AIAtAGI }, func(p *Params, v float64) { p.AIAtAGI = v }},
	{"ai.growth_after_agi", "per year", "yearly growth of m after AGI, once safe_to_help is reached", 0, 100, false,
		func(p *Params) float64 { return p.AIGrowth }, func(p *Params, v float64) { p.AIGrowth = v }},
	{"ai.multiplier_max", "x", "ceiling on m", 1, 1e9, false,
		func(p *Params) float64 { return p.AIMax }, func(p *Params, v float64) { p.AIMax = v }},
	{"ai.trust", "fraction", "share of AI help that caution lets into alignment work", 0, 1, false,
		func(p *Params) float64 { return p.Trust }, func(p *Params, v float64) { p.Trust = v }},
	{"ai.sabotage_probability", "probability", "chance that a world's AI assistants sandbag or sabotage", 0, 1, false,
		func(p *Params) float64 { return p.Sabotage }, func(p *Params, v float64) { p.Sabotage = v }},
	{"ai.sabotage_waste", "fraction", "share of AI help wasted in a world with sabotage", 0, 1, false,
		func(p *Params) float64 { return p.Waste }, func(p *Params, v float64) { p.Waste = v }},
	{"ai.handover", "x", "multiplier on the research rate once safe_to_help is reached", 1, 1e6, false,
		func(p *Params) float64 { return p.Handover }, func(p *Params, v float64) { p.Handover = v }},
	{"timelines.agi", "year", "year AGI arrives, before any pause", 1900, 3000, false,
		func(p *Params) float64 { return p.AGI }, func(p *Params, v float64) { p.AGI = v }},
	{"timelines.takeoff", "years", "years from AGI to ASI (0: at once)", 0, 500, false,
		func(p *Params) float64 { return p.Takeoff }, func(p *Params, v float64) { p.Takeoff = v }},
	{"pause.probability", "probability", "chance that the pause lever is pulled", 0, 1, false,
		func(p *Params) float64 { return p.PauseProb }, func(p *Params, v float64) { p.PauseProb = v }},
	{"pause.start", "year", "year the pause begins (ignored when pause.at_agi is set)", 1900, 3000, false,
		func(p *Params) float64 { return p.PauseStart }, func(p *Params, v float64) { p.PauseStart = v }},
	{"pause.years", "years", "how long capability progress stops in a pause", 0, 500, false,
		func(p *Params) float64 { return p.PauseYears }, func(p *Params, v float64) { p.PauseYears = v }},
	{"brakes.warning_rate", "per year", "hazard of a near miss at ASI, rising toward it", 0, 1000, false,
		func(p *Params) float64 { return p.WarnRate }, func(p *Params, v float64) { p.WarnRate = v }},
	{"brakes.warning_scale", "years", "years over which the near-miss hazard grows e-fold before ASI", 1e-3, 100, false,
		func(p *Params) float64 { return p.WarnScale }, func(p *Params, v float64) { p.WarnScale = v }},
	{"brakes.pause_probability", "probability", "chance that the first near miss brings a pause", 0, 1, false,
		func(p *Params) float64 { return p.WarnPauseProb }, func(p *Params, v float64) { p.WarnPauseProb = v }},
	{"brakes.pause_years", "years", "how long capability progress stops after a near miss", 0, 500, false,
		func(p *Params) float64 { return p.WarnPause }, func(p *Params, v float64) { p.WarnPause = v }},
	{"research.reference_fte", "FTE", "field size at which research input equals headcount: input is Nref (N/Nref)^lambda (0: the field at the start)", 0, 1e9, true,
		func(p *Params) float64 { return p.RefFTE }, func(p *Params, v float64) { p.RefFTE = v }},
	{"field.past_growth", "per year", "yearly growth of the field before the start, from which effort so far is derived", 1e-3, 10, false,
		func(p *Params) float64 { return p.PastGrowth }, func(p *Params, v float64) { p.PastGrowth = v }},
	{"difficulty.error", "x", "factor on R = E0 / f0: the error bars on the estimate of the work's scope", 1e-3, 1e3, false,
		func(p *Params) float64 { return p.Error }, func(p *Params, v float64) { p.Error = v }},
	{"thresholds.no_takeover", "fraction", "(1) AI does not kill or disempower everyone: share of the main work it needs", 1e-6, 1, false,
		func(p *Params) float64 { return p.NoTakeover }, func(p *Params, v float64) { p.NoTakeover = v }},
	{"thresholds.power_work", "fraction", "(2) no small group seizes power: share of R its technical path needs", 0, 0.99, false,
		func(p *Params) float64 { return p.PowerWork }, func(p *Params, v float64) { p.PowerWork = v }},
	{"thresholds.power_effort", "fraction", "share of the field's effort spent on (2) while it is open", 0, 1, false,
		func(p *Params) float64 { return p.PowerEffort }, func(p *Params, v float64) { p.PowerEffort = v }},
	{"thresholds.governance", "year", "year a legal or social answer to (2) comes (inf: never)", 1900, inf, false,
		func(p *Params) float64 { return p.Governance }, func(p *Params, v float64) { p.Governance = v }},
	{"ai.trust_after_asi", "fraction", "share of ai.trust left once AI is far beyond us (after ASI), until safe_to_help", 0, 1, false,
		func(p *Params) float64 { return p.AfterASI }, func(p *Params, v float64) { p.AfterASI = v }},
	{"ai.sabotage_false", "fraction", "share of AI help counted as done but not done, in a world with sabotage", 0, 1, false,
		func(p *Params) float64 { return p.False }, func(p *Params, v float64) { p.False = v }},
	{"costs.fte_year", "$", "dollars per FTE-year, salary and overhead, for costing levers", 0, 1e9, true,
		func(p *Params) float64 { return p.FTEYearCost }, func(p *Params, v float64) { p.FTEYearCost = v }},
}

// Chances names the uniform draws that settle a world's events, in the
// order the engine draws them after the fields' uniforms.
var Chances = []struct {
	Name string
	Set  func(*Params, float64)
}{
	{"chance.pause", func(p *Params, u float64) { p.UPause = u }},
	{"chance.sabotage", func(p *Params, u float64) { p.USabotage = u }},
	{"chance.warning", func(p *Params, u float64) { p.UWarn = u }},
	{"chance.warning_pause", func(p *Params, u float64) { p.UWarnPause = u }},
}

// MinStep is the finest knot spacing the reference integrator takes: a
// world of 74 years is then 76,000 steps.
const MinStep = 1.0 / 1024

// FieldIndex returns the index in Fields of path, or -1.
func FieldIndex(path string) int {
	for i := range Fields {
		if Fields[i].Path == path {
			return i
		}
	}
	return -1
}
