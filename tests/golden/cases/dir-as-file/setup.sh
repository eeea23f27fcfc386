#!/bin/sh
mkdir somedir
