"""Qt implementation of the core's InteractionHandler: PIN dialogs asked from worker threads.

The core asks for a PIN from the worker thread that runs the unlock; the dialog
must live on the GUI thread. A signal with a blocking queued connection runs
the dialog there and hands the answer back to the waiting worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from signing.handlers import ChoiceRequest, PinRequest


@dataclass
class _Question:
    kind: str
    request: object
    answer: object = None
    done: bool = field(default=False)


class QtInteraction(QObject):
    _ask = Signal(object)
    touch_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._ask.connect(self._on_ask, Qt.ConnectionType.BlockingQueuedConnection)

    def attach(self, parent: QWidget) -> None:
        """The PIN dialogs open over this window from now on (the wizard had none)."""
        self._parent = parent

    def _run(self, question: _Question) -> object:
        if QThread.currentThread() is self.thread():
            self._on_ask(question)
        else:
            self._ask.emit(question)
        return question.answer

    @Slot(object)
    def _on_ask(self, question: _Question) -> None:
        if question.kind == "pin":
            question.answer = self._pin_dialog(question.request, new=False)
        elif question.kind == "new_pin":
            question.answer = self._pin_dialog(question.request, new=True)
        elif question.kind == "choice":
            req = question.request
            assert isinstance(req, ChoiceRequest)
            item, ok = QInputDialog.getItem(self._parent, "Probant", self.tr("Choisissez :"),
                                            list(req.options), 0, False)
            question.answer = list(req.options).index(item) if ok else None
        question.done = True

    def _pin_dialog(self, request: object, *, new: bool) -> str | None:
        assert isinstance(request, PinRequest)
        label = (self.tr("Nouveau PIN de {device} :") if new
                 else self.tr("PIN de {device} :")).format(device=request.device_label)
        if request.retries_left is not None and not new:
            label += "\n" + self.tr("Essais restants : {n}").format(n=request.retries_left)
        dialog = QInputDialog(self._parent)
        dialog.setObjectName("pinDialog")
        dialog.setWindowTitle(self.tr("Probant — PIN de la clé"))
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        if dialog.exec() != QInputDialog.DialogCode.Accepted or not dialog.textValue():
            return None
        pin = dialog.textValue()
        if new:
            again = QInputDialog(self._parent)
            again.setObjectName("pinConfirmDialog")
            again.setLabelText(self.tr("Confirmez le PIN :"))
            again.setTextEchoMode(QLineEdit.EchoMode.Password)
            if again.exec() != QInputDialog.DialogCode.Accepted or again.textValue() != pin:
                QMessageBox.warning(self._parent, "Probant", self.tr("Les deux PIN diffèrent."))
                return None
        return pin

    # -- InteractionHandler ------------------------------------------------
    def ask_pin(self, request: PinRequest) -> str | None:
        answer = self._run(_Question("pin", request))
        return answer if isinstance(answer, str) else None

    def ask_new_pin(self, request: PinRequest) -> str | None:
        answer = self._run(_Question("new_pin", request))
        return answer if isinstance(answer, str) else None

    def prompt_touch(self, device_label: str) -> None:
        self.touch_requested.emit(device_label)

    def choose(self, request: ChoiceRequest) -> int | None:
        answer = self._run(_Question("choice", request))
        return answer if isinstance(answer, int) else None
