//! A validated catalog back in the file's shape, so that a plan can write a changed catalog.

use super::{Catalog, RawCatalog, RawPhase, RawTask, schema_for};

impl Catalog {
    /// The catalog file's own shape again (items added with `ftrack add` left out), to write a
    /// catalog changed by a plan (`catalog use` adds aliases).
    pub fn to_raw(&self) -> RawCatalog {
        let mut raw = RawCatalog {
            schema: None,
            title: self.title.clone(),
            description: self.description.clone(),
            date: self.date.clone(),
            language: self.language.clone(),
            phases: self
                .phases
                .iter()
                .map(|p| RawPhase {
                    id: p.id.clone(),
                    description: p.description.clone(),
                })
                .collect(),
            tasks: self
                .tasks
                .iter()
                .filter(|t| t.added.is_none())
                .map(|t| RawTask {
                    id: t.id.clone(),
                    phase: self.phases[t.phase].id.clone(),
                    group: t.group.clone(),
                    title: t.title.clone(),
                    text: Some(t.text.clone()),
                    text_en: t.text_en.clone(),
                    note: t.note.clone(),
                    required: t.required,
                    aliases: t.aliases.clone(),
                })
                .collect(),
        };
        raw.schema = Some(schema_for(&raw));
        raw
    }
}

#[cfg(test)]
mod tests {
    use super::super::Source;
    use super::*;

    #[test]
    fn a_catalog_written_back_reads_the_same() {
        let c = Catalog::embedded().unwrap();
        let yaml = serde_yaml::to_string(&c.to_raw()).unwrap();
        let again = Catalog::parse(&yaml, Source::File("again.yaml".into())).unwrap();
        let fields = |c: &Catalog| -> Vec<(String, usize, String, String, bool)> {
            c.tasks
                .iter()
                .map(|t| {
                    (
                        t.id.clone(),
                        t.phase,
                        t.title.clone(),
                        t.text.clone(),
                        t.required,
                    )
                })
                .collect()
        };
        assert_eq!(fields(&again), fields(&c));
        assert_eq!(again.phases.len(), c.phases.len());
        assert_eq!(again.phases[1].description, c.phases[1].description);
    }
}
