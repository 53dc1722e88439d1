//! `ftrack schema portfolio`: the JSON Schema of the portfolio's answer, and real answers (every
//! shape: an error row, `--since`, `--pull`, `--output`) valid against it.

use crate::common::TestEnv;
use crate::portfolio::five;

#[test]
fn real_portfolio_answers_are_valid_against_its_schema() {
    let env = TestEnv::new();
    five(&env);
    let schema = env.run(&["schema", "portfolio"]).ok().json();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let answers = [
        env.run(&["portfolio", "customers", "--json"])
            .code(1)
            .json(),
        env.run(&["portfolio", "customers", "--json", "--since", "7d"])
            .code(1)
            .json(),
        env.run(&["portfolio", "customers", "--json", "--pull"])
            .code(1)
            .json(),
        env.run(&["portfolio", "customers", "--json", "--output", "p.html"])
            .code(1)
            .json(),
    ];
    for answer in answers.iter().filter(|a| !a.is_null()) {
        let errors: Vec<String> = validator
            .iter_errors(answer)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{answer:#}");
    }
    // A field the schema does not name is refused: the schema is closed.
    let mut extra = answers[0].clone();
    extra["engagements"][1]["surprise"] = serde_json::json!(1);
    assert!(!validator.is_valid(&extra));
    let list = env.run(&["schema", "--json"]).ok().json();
    assert!(
        list["commands"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["command"] == "portfolio")
    );
    env.run(&["schema", "no-such-command"]).code(2);
}
