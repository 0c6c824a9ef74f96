"""The command line, per shared/cli-contract.md (documented in docs/cli.md).

Built without importing any command's code: ``probant`` starts thousands of times a test
run, and each command imports only what it runs (``app/cli/runner.py``; issue 20). A
module of ``app/cli/*_commands.py`` holds a family's handlers, its arguments are here
(``web_commands`` still declares its own; it imports no service at its top).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]


class _Version(argparse.Action):
    """``--version``, its line worked out only when asked: from a checkout it runs git."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS,
                 help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0,
                         help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        from app.frozen import version_line
        from app.version import VERSION

        formatter = parser._get_formatter()  # as argparse's own "version" action prints it
        formatter.add_text(version_line(VERSION))
        parser._print_message(formatter.format_help(), sys.stdout)
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="probant",
        description="Probant : constats numériques certifiés. Sans commande : ouvre l'application.",
    )
    p.add_argument("--version", action=_Version)
    p.add_argument("--home", help="dossier du coffre et des réglages (ou PROBANT_HOME)")
    p.add_argument("--demo", action="store_true",
                   help="mode démonstration : authentificateur logiciel, tout est marqué DÉMO")
    p.add_argument("--json", action="store_true", help="un document JSON sur stdout")
    p.add_argument("--lang", choices=("fr", "en"), help="langue des messages (défaut : fr)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser("init", help="crée le coffre et enrôle la première clé")
    init.add_argument("--name", help="nom de l'officier (Maître Prénom NOM)")
    init.add_argument("--office", help="étude")
    init.add_argument("--address", help="adresse de l'étude")
    init.add_argument("--token-label", help="nom donné à la clé enrôlée")

    dossier = sub.add_parser("dossier", help="dossiers clients")
    ds = dossier.add_subparsers(dest="action", required=True)
    dn = ds.add_parser("new", help="nouveau dossier")
    dn.add_argument("title")
    dn.add_argument("--requester", help="requérant (identité complète, art. 648 CPC)")
    dn.add_argument("--deadline", help="échéance, date-heure ISO 8601")
    dn.add_argument("--reference", help="référence du dossier à l'étude")
    de = ds.add_parser("edit", help="modifie un dossier (journalisé, avant et après)")
    de.add_argument("id")
    de.add_argument("--title", help="intitulé")
    de.add_argument("--requester", help="requérant (refusé si un PV signé le nomme)")
    de.add_argument("--deadline", help="échéance, date-heure ISO 8601 ; \"\" la retire")
    de.add_argument("--reference", help="référence du dossier à l'étude")
    ds.add_parser("list", help="liste des dossiers")
    dsh = ds.add_parser("show", help="un dossier et ses constats")
    dsh.add_argument("id")

    constat = sub.add_parser("constat", help="constats")
    cs = constat.add_subparsers(dest="action", required=True)
    cn = cs.add_parser("new", help="ouvre un constat")
    cn.add_argument("--dossier", required=True)
    cn.add_argument("--mission", help="ce qui doit être constaté")
    cn.add_argument("--place", help="lieu des opérations : poste de l'étude ou adresse du site"
                                    " (sans lieu, le PV ne pourra pas être signé)")
    cnr = cs.add_parser("narrative", help="narration du commissaire (reprise par le PV)")
    cnr.add_argument("id")
    how = cnr.add_mutually_exclusive_group(required=True)
    how.add_argument("--text", help="le texte de la narration")
    how.add_argument("--file", help="fichier texte UTF-8 contenant la narration")
    crs = cs.add_parser("reserve", help="réserve du commissaire sur un point des prérequis "
                                        "techniques (NF Z67-147), imprimée par le PV")
    crs.add_argument("id")
    crs.add_argument("--point", required=True,
                     help="code du point (pv check --json : rules[].code reservable)")
    crs.add_argument("--text", required=True, help="le texte de la réserve (\"\" la retire)")
    cl = cs.add_parser("list", help="liste des constats")
    cl.add_argument("--dossier")
    for name, text in (("show", "un constat et ses pièces"), ("close", "clôt le constat")):
        c = cs.add_parser(name, help=text)
        c.add_argument("id")

    annex = sub.add_parser("annex", help="pièces remises (importées, non capturées)")
    an = annex.add_subparsers(dest="action", required=True)
    aa = an.add_parser("add", help="importe des fichiers dans un constat")
    aa.add_argument("--constat", required=True)
    aa.add_argument("files", nargs="+")

    ev = sub.add_parser("evidence", help="pièces du coffre")
    es = ev.add_subparsers(dest="action", required=True)
    el = es.add_parser("list", help="liste des pièces")
    el.add_argument("--constat")
    esh = es.add_parser("show", help="une pièce")
    esh.add_argument("id")
    ee = es.add_parser("export", help="écrit les octets originaux d'une pièce")
    ee.add_argument("id")
    ee.add_argument("--out", required=True)
    ed = es.add_parser("describe", help="constatation du commissaire sur une pièce")
    ed.add_argument("id")
    what = ed.add_mutually_exclusive_group(required=True)
    what.add_argument("--text", help="ce que le commissaire constate sur cette pièce")
    what.add_argument("--none", action="store_true", help="« sans observation »")

    ver = sub.add_parser("verify", help="vérifie tout le coffre, ou un bundle sans coffre")
    ver.add_argument("bundle", nargs="?", help="BUNDLE.zip (ou son dossier décompressé)")
    ver.add_argument("--trust", action="append",
                     help="ancres de confiance supplémentaires (PEM), répétable")

    jr = sub.add_parser("journal", help="journal chaîné de toutes les actions")
    jr.add_argument("--constat")
    jr.add_argument("--verify", action="store_true", help="vérifie la chaîne")
    _capture(sub)
    _users(sub)
    _timestamps(sub)
    _export(sub)
    _pv(sub)
    from app.cli.web_commands import add_parsers as add_web  # no service imported there

    add_web(sub)
    _sync(sub)
    return p


def _capture(sub: Commands) -> None:
    """``capture …`` and ``env-report`` (app/cli/capture_commands.py)."""
    cap = sub.add_parser("capture", help="captures d'écran (enregistrées dans le coffre)")
    targets = cap.add_subparsers(dest="target", required=True)
    rec = targets.add_parser("record", help="vidéo de l'écran, segments de 2 s enregistrés au fil de l'eau")
    rec.add_argument("--constat", required=True)
    rec.add_argument("--duration", type=float, help="secondes (défaut : jusqu'à Ctrl+C / SIGTERM)")
    rec.add_argument("--region", help="X,Y,W,H (défaut : le premier écran)")
    rec.add_argument("--fps", type=int, default=30)
    rec.add_argument("--no-cursor", action="store_true")
    cam = targets.add_parser("webcam", help="photo ou vidéo de la caméra")
    cam.add_argument("mode", choices=("photo", "video"))
    cam.add_argument("--constat", required=True)
    cam.add_argument("--device", help="numéro de caméra, ou fichier vidéo (caméra simulée)")
    cam.add_argument("--duration", type=float, help="secondes (vidéo)")
    cam.add_argument("--location", help="LAT,LON saisis par l'officier (GPS dans l'EXIF)")
    for name, text in (("screen", "tout le bureau"), ("monitor", "un écran"),
                       ("region", "une zone X,Y,W,H"), ("window", "une fenêtre par identifiant")):
        p = targets.add_parser(name, help=text)
        if name != "screen":
            p.add_argument("value", help={"monitor": "numéro d'écran (1, 2…)",
                                          "region": "X,Y,W,H en pixels",
                                          "window": "identifiant de fenêtre (X11 : 0x…)"}[name])
        p.add_argument("--constat", required=True)
        p.add_argument("--no-cursor", action="store_true", help="sans le pointeur de souris")
    env = sub.add_parser("env-report", help="relevé de l'environnement (NF Z67-147), signé")
    env.add_argument("--constat", required=True)
    env.add_argument("--phase", choices=("start", "end", "manual"), default="manual")
    env.add_argument("--domain", action="append", default=[],
                     help="domaine visité dont la résolution DNS est relevée (répétable)")


def _users(sub: Commands) -> None:
    """``user …`` and ``token …`` (app/cli/user_commands.py)."""
    user = sub.add_parser("user", help="utilisateurs et rôles")
    us = user.add_subparsers(dest="action", required=True)
    ua = us.add_parser("add", help="ajoute un utilisateur")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=("commissaire", "collaborateur"))
    us.add_parser("list", help="liste des utilisateurs")
    ur = us.add_parser("role", help="change le rôle d'un utilisateur (commissaire seulement ; "
                                    "journalisé avec son certificat signé)")
    ur.add_argument("id")
    ur.add_argument("--role", required=True, choices=("commissaire", "collaborateur"))
    ue = us.add_parser("etude", help="modifie l'étude et son adresse, imprimées par le PV "
                                     "(commissaire seulement ; journalisé, avant et après ; "
                                     "les utilisateurs de la même étude suivent)")
    ue.add_argument("--office", help="nom de l'étude")
    ue.add_argument("--address", help="adresse de l'étude")
    token = sub.add_parser("token", help="clés FIDO2 (emplacements de clé)")
    ts = token.add_subparsers(dest="action", required=True)
    te = ts.add_parser("enroll", help="enrôle la clé branchée (PROBANT_NEW_AUTHENTICATOR "
                                      "pour une clé logicielle)")
    te.add_argument("--user", help="utilisateur (défaut : soi-même)")
    te.add_argument("--label", default="Clé FIDO2")
    ts.add_parser("list", help="liste des clés enrôlées")
    tr = ts.add_parser("remove", help="retire une clé")
    tr.add_argument("id")


def _timestamps(sub: Commands) -> None:
    """``tsa …`` and ``timestamp …`` (app/cli/time_commands.py)."""
    tsa = sub.add_parser("tsa", help="autorités d'horodatage (RFC 3161)")
    tas = tsa.add_subparsers(dest="action", required=True)
    ta = tas.add_parser("add", help="ajoute une autorité (essayées dans l'ordre d'ajout)")
    ta.add_argument("url")
    ta.add_argument("--trust", required=True,
                    help="certificat(s) PEM de confiance : racine et intermédiaires")
    ta.add_argument("--name", default="")
    ta.add_argument("--tsa-cert", help="certificat de l'autorité, si elle ne le joint pas")
    ta.add_argument("--policy", help="OID de politique exigé")
    tas.add_parser("list", help="liste des autorités")
    tr = tas.add_parser("remove", help="retire une autorité (les jetons obtenus restent)")
    tr.add_argument("id")

    stamp = sub.add_parser("timestamp", help="horodatage des pièces en attente")
    sts = stamp.add_subparsers(dest="action", required=True)
    fl = sts.add_parser("flush", help="obtient les jetons en attente (une requête par lot)")
    fl.add_argument("--constat")
    fl.add_argument("--item", help="horodate une seule pièce, seule")
    fl.add_argument("--dual", action="store_true",
                    help="deux jetons de deux autorités indépendantes")
    st = sts.add_parser("status", help="couverture : pièces horodatées, en attente et écarts")
    st.add_argument("--constat")
    ex = sts.add_parser("export", help="écrit les jetons .tsr et les preuves d'inclusion")
    ex.add_argument("--constat", required=True)
    ex.add_argument("--out", required=True)


def _export(sub: Commands) -> None:
    """``export`` (app/cli/bundle_commands.py)."""
    ex = sub.add_parser("export", help="exporte le dossier de preuve ouvert (bundle ZIP)")
    ex.add_argument("--constat", required=True)
    ex.add_argument("--out", required=True, help="FICHIER.zip")
    ex.add_argument("--without-pv", action="store_true",
                    help="exporte même sans procès-verbal signé")
    ex.add_argument("--no-timestamp", action="store_true",
                    help="ne demande pas de jeton RFC 3161 pour le sommaire")
    ex.add_argument("--verify", action="store_true",
                    help="vérifie le dossier écrit, comme `probant verify` (--trust : ancres)")
    ex.add_argument("--trust", action="append", default=[],
                    help="avec --verify : un fichier PEM d'ancres obtenues de l'autorité")


def _pv(sub: Commands) -> None:
    """``signer …``, ``pv …`` and ``validate`` (app/cli/pv_commands.py)."""
    signer = sub.add_parser("signer", help="certificat de signature du commissaire")
    ss = signer.add_subparsers(dest="action", required=True)
    sa = ss.add_parser("add", help="PKCS#12 (fichier) ou PKCS#11 (carte, YubiKey PIV)")
    how = sa.add_mutually_exclusive_group(required=True)
    how.add_argument("--pkcs12")
    how.add_argument("--pkcs11", metavar="LIB")
    sa.add_argument("--token-label")
    sa.add_argument("--key-label")
    sa.add_argument("--label", default="")
    sa.add_argument("--trust", required=True, help="racine et intermédiaires (PEM)")
    ss.add_parser("list", help="certificats enregistrés")

    pv = sub.add_parser("pv", help="procès-verbal")
    ps = pv.add_subparsers(dest="action", required=True)
    pb = ps.add_parser("build", help="génère le PV (non signé) pour relecture")
    pc = ps.add_parser("check", help="règles de cohérence avant signature")
    psg = ps.add_parser("sign", help="vérifie les règles puis signe (PAdES)")
    pu = ps.add_parser("upgrade", help="complète un PV signé hors ligne jusqu'à B-LTA")
    pa = ps.add_parser("archive", help="horodatage d'archivage : prolonge la preuve d'un PV "
                                       "B-LTA (nouvelle version)")
    pe = ps.add_parser("export", help="écrit le dernier PV signé")
    for p in (pb, pc, psg, pu, pa, pe):
        p.add_argument("--constat", required=True)
    for p in (pb, pc, psg):
        p.add_argument("--confirm-pending", action="store_true",
                       help="le PV mentionnera les horodatages en attente")
        told = p.add_mutually_exclusive_group()
        told.add_argument("--narrative", default="",
                          help="narration du commissaire pour ce PV (défaut : celle du "
                               "constat, « probant constat narrative »)")
        told.add_argument("--narrative-file", help="la narration lue dans un fichier UTF-8")
    pb.add_argument("--out", required=True)
    pe.add_argument("--out", required=True)
    psg.add_argument("--offline", action="store_true", help="signature B-B, sans réseau")
    for p in (pc, psg):
        p.add_argument("--signer", help="certificat de signature (défaut : le plus récent)")

    val = sub.add_parser("validate", help="rapport de validation d'un PDF signé")
    val.add_argument("pdf", nargs="?")
    val.add_argument("--trust", help="racine(s) de confiance (PEM); défaut : celles du coffre"
                                     " (le rapport est alors conservé dans le coffre)")
    val.add_argument("--at", help="valider à cette date (ISO 8601, UTC par défaut), "
                                  "p. ex. pour montrer qu'un PV tient encore plus tard")
    val.add_argument("--history", action="store_true",
                     help="les rapports de validation conservés dans le coffre")


def _rate(text: str) -> int:
    from evidence.sync.flow import parse_rate

    try:
        return parse_rate(text)
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(
            f"débit invalide : {text!r} (exemples : 500k, 20M, 0 = illimité)") from None


def _sync(sub: Commands) -> None:
    """``remote …``, ``sync`` and ``restore`` (app/cli/sync_commands.py)."""
    remote = sub.add_parser("remote", help="stockages distants (S3, dossier)")
    rs = remote.add_subparsers(dest="action", required=True)
    add = rs.add_parser("add", help="déclare un stockage distant (le secret S3 va au trousseau "
                                    "du système, jamais dans un fichier)")
    kinds = add.add_subparsers(dest="kind", required=True)
    s3 = kinds.add_parser("s3", help="stockage objet S3 (identifiants : trousseau ou AWS_*)")
    s3.add_argument("name")
    s3.add_argument("--endpoint", required=True, help="adresse du service S3")
    s3.add_argument("--bucket", required=True, help="compartiment")
    s3.add_argument("--region", default="", help="région")
    s3.add_argument("--virtual-host", action="store_true",
                    help="adressage par nom d'hôte (défaut : par chemin)")
    s3.add_argument("--prefix", default="", help="préfixe des objets dans le compartiment")
    s3.add_argument("--retention-days", type=int, default=0,
                    help="rétention Object Lock par objet, si le compartiment n'en a pas")
    s3.add_argument("--access-key-id", default="",
                    help="identifiant de la clé d'accès ; la clé secrète est lue dans "
                         "PROBANT_S3_SECRET ou saisie sans écho, jamais en argument, puis "
                         "rangée dans le trousseau du système (sans cette option : AWS_* ou "
                         "~/.aws)")
    folder = kinds.add_parser("folder", help="dossier (NAS, disque externe)")
    folder.add_argument("name")
    folder.add_argument("path")
    for kind in (s3, folder):
        kind.add_argument("--max-rate", type=_rate, default=0,
                          help="débit maximal d'envoi, octets/s (500k, 20M ; 0 = illimité)")
    rs.add_parser("list", help="stockages déclarés")
    rt = rs.add_parser("test", help="joignable, identifiants, versionnage, Object Lock")
    rt.add_argument("name")
    rp = rs.add_parser("promote", help="fait de cette copie restaurée le poste d'origine du "
                                       "coffre (le premier poste perdu ou retiré)")
    rp.add_argument("name", nargs="?", help="le stockage d'où la copie a été restaurée")
    rp.add_argument("--confirm", action="store_true",
                    help="confirme que l'ancien poste d'origine ne servira plus pour ce coffre")
    rv = rs.add_parser("verify", help="compare le stockage distant au coffre")
    rv.add_argument("name")
    rv.add_argument("--deep", action="store_true", help="relit et recalcule chaque objet")
    rv.add_argument("--max-rate", type=_rate, default=None,
                    help="débit maximal de relecture (--deep), octets/s ; remplace celui du "
                         "stockage")

    sy = sub.add_parser("sync", help="envoie ce qui est en attente vers les stockages distants")
    sy.add_argument("--remote", action="append", help="ce stockage seulement (répétable)")
    sy.add_argument("--pull", action="store_true",
                    help="rafraîchit une copie restaurée depuis le stockage distant")
    sy.add_argument("--max-rate", type=_rate, default=None,
                    help="débit maximal d'envoi, octets/s (500k, 20M ; 0 = illimité) ; "
                         "remplace celui du stockage")

    rst = sub.add_parser("restore", help="reconstruit un coffre depuis un stockage distant")
    rst.add_argument("--remote", required=True)
    rst.add_argument("--vault", help="identifiant du coffre, si le stockage en contient plusieurs")
    rst.add_argument("--max-rate", type=_rate, default=None,
                     help="débit maximal de réception, octets/s ; remplace celui du stockage")
