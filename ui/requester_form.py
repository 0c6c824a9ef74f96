"""The requester's identity as article 648 of the code de procédure civile requires it:
for a natural person, surname, given names, profession, domicile, nationality, date and
place of birth; for a legal person, its form, name, registered office and the body that
represents it. The form composes the sentence the PV prints; a free text stays possible
for what fits neither (an administration, a syndicate of co-owners…)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

PERSON_FIELDS = ("surname", "given_names", "profession", "domicile", "nationality",
                 "birth")
COMPANY_FIELDS = ("form", "name", "seat", "representative")


class RequesterForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Nature du requérant"))
        self.kind.addItem(self.tr("Personne physique"), "person")
        self.kind.addItem(self.tr("Personne morale"), "company")
        self.kind.addItem(self.tr("Texte libre"), "free")
        self.fields: dict[str, QLineEdit] = {}
        self.pages = QStackedWidget()
        self.pages.addWidget(self._page((
            ("surname", self.tr("Nom :")), ("given_names", self.tr("Prénoms :")),
            ("profession", self.tr("Profession :")), ("domicile", self.tr("Domicile :")),
            ("nationality", self.tr("Nationalité :")),
            ("birth", self.tr("Date et lieu de naissance :")))))
        self.pages.addWidget(self._page((
            ("form", self.tr("Forme :")), ("name", self.tr("Dénomination :")),
            ("seat", self.tr("Siège social :")),
            ("representative", self.tr("Représentée par :")))))
        self.free = QPlainTextEdit()
        self.free.setAccessibleName(self.tr("Identité du requérant (texte libre)"))
        self.free.setFixedHeight(70)
        self.pages.addWidget(self.free)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.pages)

    def _page(self, rows: tuple[tuple[str, str], ...]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        for key, label in rows:
            edit = QLineEdit()
            edit.setAccessibleName(label.rstrip(" :"))
            self.fields[key] = edit
            form.addRow(label, edit)
        return page

    def _value(self, key: str) -> str:
        return self.fields[key].text().strip()

    def missing(self) -> list[str]:
        """The article 648 mentions not yet given (their labels), for the current kind."""
        kind = self.kind.currentData()
        if kind == "free":
            return [] if self.free.toPlainText().strip() else [self.tr("identité")]
        keys = PERSON_FIELDS if kind == "person" else COMPANY_FIELDS
        return [self.fields[k].accessibleName() for k in keys if not self._value(k)]

    def text(self) -> str:
        """The sentence the PV prints « À la requête de : »."""
        kind = self.kind.currentData()
        if kind == "free":
            return self.free.toPlainText().strip()
        # French whatever the interface's language: this is what the PV prints.
        if kind == "person":
            return ("{given} {surname}, {profession}, demeurant {domicile}, de "
                    "nationalité {nationality}, né(e) le {birth}").format(
                given=self._value("given_names"), surname=self._value("surname").upper(),
                profession=self._value("profession"), domicile=self._value("domicile"),
                nationality=self._value("nationality"), birth=self._value("birth"))
        return ("{form} {name}, dont le siège social est {seat}, prise en la personne "
                "de {representative}").format(
            form=self._value("form"), name=self._value("name"), seat=self._value("seat"),
            representative=self._value("representative"))

    def set_text(self, text: str) -> None:
        """An existing requester (a dossier edited) comes back as free text, as written."""
        self.kind.setCurrentIndex(2)
        self.free.setPlainText(text)
