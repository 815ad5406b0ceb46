import ConveneCore

/// The library's fields in the cache, written and read in the same order.
extension CacheBytes {
    /// Part of the cache's fingerprint: change it with any change to the order or kind of fields, or to
    /// what the parser accepts (a cached card skips the new check otherwise).
    static let libraryFormat = 6

    mutating func write(_ library: Library) {
        write(library.sortedActivities) { $0.write($1) }
        write(library.plans.values.sorted { $0.name < $1.name }) { $0.write($1) }
        write(library.problems) { bytes, problem in
            bytes.write(problem.file)
            bytes.write(problem.line)
            bytes.write(problem.message)
        }
    }

    mutating func library() throws(Malformed) -> Library {
        let activities = try array { bytes throws(Malformed) in try bytes.activity() }
        let plans = try array { bytes throws(Malformed) in try bytes.plan() }
        let problems = try array { bytes throws(Malformed) in
            LibraryProblem(file: try bytes.string(), line: try bytes.int(), message: try bytes.string())
        }
        return Library(
            activities: Dictionary(activities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            plans: Dictionary(plans.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }),
            problems: problems
        )
    }

    private mutating func write(_ activity: Activity) {
        write(activity.id)
        write(activity.title)
        write(activity.kind)
        write(activity.values) { $0.write($1) }
        write(activity.minutes.min)
        write(activity.minutes.typical)
        write(activity.minutes.max)
        write(activity.group.min)
        write(activity.group.max)
        write(activity.intensity)
        write(activity.addresses) { $0.write($1) }
        write(activity.followWith) { $0.write($1) }
        write(activity.phase) { $0.write($1) }
        write(activity.perPerson) { $0.write($1) }
        write(activity.materials) { $0.write($1) }
        write(activity.schedule)
        write(activity.prep) { $0.write($1) }
        write(activity.pulse) { bytes, pulse in
            bytes.write(pulse.question)
            bytes.write(pulse.questionES) { $0.write($1) }
            bytes.write(pulse.answer)
            bytes.write(pulse.scale) { bytes, scale in
                bytes.write(scale.min)
                bytes.write(scale.max)
                bytes.write(scale.lowLabel)
                bytes.write(scale.highLabel)
                bytes.write(scale.lowLabelES) { $0.write($1) }
                bytes.write(scale.highLabelES) { $0.write($1) }
            }
            bytes.write(pulse.measures)
            bytes.write(pulse.reverse)
        }
        write(activity.sections) { bytes, section in
            bytes.write(section.heading)
            bytes.write(section.body)
        }
        write(activity.steps) { bytes, step in
            bytes.write(step.text)
            bytes.write(step.minutes) { $0.write($1) }
        }
        write(activity.source)
    }

    private mutating func activity() throws(Malformed) -> Activity {
        Activity(
            id: try string(),
            title: try string(),
            kind: try value(),
            values: try array { bytes throws(Malformed) in try bytes.value() },
            minutes: .init(min: try int(), typical: try int(), max: try int()),
            group: .init(min: try int(), max: try int()),
            intensity: try value(),
            addresses: try array { bytes throws(Malformed) in try bytes.value() },
            followWith: try optional { bytes throws(Malformed) in try bytes.string() },
            phase: try optional { bytes throws(Malformed) in try bytes.value() },
            perPerson: try optional { bytes throws(Malformed) in try bytes.int() },
            materials: try array { bytes throws(Malformed) in try bytes.string() },
            schedule: try value(),
            prep: try optional { bytes throws(Malformed) in try bytes.string() },
            pulse: try optional { bytes throws(Malformed) in
                PulseSpec(
                    question: try bytes.string(),
                    questionES: try bytes.optional { bytes throws(Malformed) in try bytes.string() },
                    answer: try bytes.value(),
                    scale: try bytes.optional { bytes throws(Malformed) in
                        PulseSpec.Scale(
                            min: try bytes.int(), max: try bytes.int(), lowLabel: try bytes.string(), highLabel: try bytes.string(),
                            lowLabelES: try bytes.optional { bytes throws(Malformed) in try bytes.string() },
                            highLabelES: try bytes.optional { bytes throws(Malformed) in try bytes.string() })
                    },
                    measures: try bytes.value(),
                    reverse: try bytes.bool()
                )
            },
            sections: try array { bytes throws(Malformed) in Activity.Section(heading: try bytes.string(), body: try bytes.string()) },
            steps: try array { bytes throws(Malformed) in
                Activity.Step(text: try bytes.string(), minutes: try bytes.optional { bytes throws(Malformed) in try bytes.int() })
            },
            source: try string()
        )
    }

    private mutating func write(_ plan: Plan) {
        write(plan.name)
        write(plan.title)
        write(plan.minutes)
        write(plan.focus) { $0.write($1) }
        write(plan.notes) { $0.write($1) }
        write(plan.agenda) { bytes, item in
            bytes.write(item.id)
            bytes.write(item.minutes) { $0.write($1) }
            bytes.write(item.isPulse)
            bytes.write(item.line)
            bytes.write(item.business) { bytes, business in
                bytes.write(business.title)
                bytes.write(business.purpose)
                bytes.write(business.minutes)
                bytes.write(business.lead) { $0.write($1) }
                bytes.write(business.method) { $0.write($1) }
            }
        }
        write(plan.source)
        write(plan.size) { $0.write($1) }
        write(plan.languages) { $0.write($1) }
    }

    private mutating func plan() throws(Malformed) -> Plan {
        Plan(
            name: try string(),
            title: try string(),
            minutes: try int(),
            focus: try array { bytes throws(Malformed) in try bytes.value() },
            notes: try optional { bytes throws(Malformed) in try bytes.string() },
            agenda: try array { bytes throws(Malformed) in
                Plan.Item(
                    id: try bytes.string(), minutes: try bytes.optional { bytes throws(Malformed) in try bytes.int() }, isPulse: try bytes.bool(),
                    line: try bytes.int(),
                    business: try bytes.optional { bytes throws(Malformed) in
                        BusinessItem(
                            title: try bytes.string(), purpose: try bytes.value(), minutes: try bytes.int(),
                            lead: try bytes.optional { bytes throws(Malformed) in try bytes.string() },
                            method: try bytes.optional { bytes throws(Malformed) in try bytes.value() })
                    })
            },
            source: try string(),
            size: try optional { bytes throws(Malformed) in try bytes.int() },
            languages: try array { bytes throws(Malformed) in try bytes.string() }
        )
    }
}
